#!/usr/bin/env bash
# Schemathesis against the JSON API (/api/openapi.json) of a fresh demo server.
#
# Builds `upphandla` (debug), starts `upphandla serve --demo` on a temporary
# SQLite directory, signs in as admin@demokommun.example with curl (GET /login
# for the `_csrf` field and cookie, POST /login), creates an API token on the
# admin page, then runs schemathesis with that bearer token for MAX_TIME
# seconds and stops the server. Schemathesis lives in a venv under bench/out/
# (git-ignored), installed from PyPI on first use. Exit status: schemathesis's.
#
#   bench/fuzz-api.sh                              # 180 s, all phases
#   MAX_TIME=600 SEED=1 bench/fuzz-api.sh          # longer, reproducible
#   BUILD=0 PORT=18098 bench/fuzz-api.sh           # no cargo build, another port
#   CHECKS=all bench/fuzz-api.sh                   # every check schemathesis has
#
# Default checks: not_a_server_error (no 5xx), response_schema_conformance
# (bodies match the documented schemas), status_code_conformance and
# content_type_conformance (only documented statuses and content types).
# Reports (JUnit, NDJSON events, pytest reproductions) go to bench/out/fuzz-api/;
# `st replay ID` works from there.
# The server only listens on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18097}
MAX_TIME=${MAX_TIME:-180}
CHECKS=${CHECKS:-not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance}
BASE=http://127.0.0.1:$PORT
EMAIL=admin@demokommun.example
PASSWORD=demo-losenord-2026
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/upphandla-target}
VENV=$(realpath -m "${VENV:-bench/out/schemathesis-venv}")
# Schemathesis keeps its failure cache (for `st replay`) in .schemathesis/ of
# the directory it runs in: this one, git-ignored like all of bench/out.
REPORTS=$PWD/bench/out/fuzz-api

if [ "${BUILD:-1}" = 1 ]; then
    cargo build -p upphandla-cli
fi
if [ ! -x "$VENV/bin/st" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet schemathesis
fi

work=$(mktemp -d)
jar=$work/cookies
"$CARGO_TARGET_DIR/debug/upphandla" serve --demo --data-dir "$work/data" --port "$PORT" \
    >"$work/serve.log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$BASE/api/openapi.json" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.5
done

# The value of the hidden `_csrf` field of a page.
csrf() {
    curl -sf -b "$jar" -c "$jar" "$BASE$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 |
        sed 's/.*value="\([^"]*\)"/\1/'
}

curl -sf -o /dev/null -b "$jar" -c "$jar" \
    --data-urlencode "_csrf=$(csrf /login)" --data-urlencode "next=/" \
    --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/login"
admin=$(curl -sf -b "$jar" -c "$jar" "$BASE/admin")
token_csrf=$(grep -o 'name="_csrf" value="[^"]*"' <<<"$admin" | head -1 | sed 's/.*value="\([^"]*\)"/\1/')
# The signed-in administrator is the option marked selected in the token form.
user=$(grep -o '<option value="[0-9]*" selected>' <<<"$admin" | head -1 | grep -o '[0-9]\+')
token=$(curl -sf -b "$jar" -c "$jar" -L \
    --data-urlencode "_csrf=$token_csrf" --data-urlencode "name=schemathesis" \
    --data-urlencode "user=$user" "$BASE/admin/tokens" |
    grep -o 'id="token-value" readonly value="[^"]*"' | sed 's/.*value="\([^"]*\)"/\1/')
if [ -z "$token" ]; then
    echo "could not create an API token (see $work/serve.log)" >&2
    exit 1
fi
curl -sf -H "Authorization: Bearer $token" "$BASE/api/v1/me" >/dev/null

# Schemathesis has no serializer for application/toml (POST /api/v1/models):
# send the generated string as UTF-8 text.
cat >"$work/upphandla_hooks.py" <<'PY'
import json

import schemathesis


@schemathesis.serializer("application/toml")
def toml(ctx, value):
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return json.dumps(value).encode("utf-8")
PY

mkdir -p "$REPORTS"
seed=()
[ -n "${SEED:-}" ] && seed=(--seed "$SEED")
cd "$REPORTS"
PYTHONPATH="$work${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=upphandla_hooks \
    "$VENV/bin/st" run "$BASE/api/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks "$CHECKS" \
    --max-time "$MAX_TIME" \
    --workers "${WORKERS:-2}" \
    --request-timeout 60 \
    --suppress-health-check too_slow,filter_too_much \
    --report junit,ndjson,pytest --report-dir "$REPORTS" \
    --generation-database none \
    "${seed[@]}" --no-color
