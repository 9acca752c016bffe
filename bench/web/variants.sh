#!/usr/bin/env bash
# Measures what a change would gain before anyone makes it: runs one server
# binary with each of several H8_EXP settings (switches that
# bench/web/experiment.patch adds to a scratch copy of the code) and reports,
# per page, requests/s, p99, server CPU per request, context switches per
# request and, on PostgreSQL, the database's CPU per request. Two interleaved
# rounds. See bench/README.md, "What costs what".
#
#   EXPS="- principal noping principal,noping" URLS="/ /spend/6" \
#     bench/web/variants.sh /tmp/upphandla-exp --data-dir bench/out/web-data-sqlite
#   PGDB=upphandla_bench EXPS=… URLS=… bench/web/variants.sh BIN --database-url postgres://postgres@127.0.0.1:5432/upphandla_bench
#
# "-" is the unchanged code. The database must hold the import (run.sh leaves
# bench/out/web-data-sqlite/ in place; for PostgreSQL import into PGDB first).
set -uo pipefail
BIN=$1
shift
PORT=${PORT:-18093}
BASE=http://127.0.0.1:$PORT
JAR=$(mktemp)
STAT=$(mktemp)
OUTW=$(mktemp)
trap 'rm -f "$JAR" "$STAT" "$OUTW"' EXIT
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_MASTER=
if [[ -n "${PGDB:-}" ]]; then
    PG_MASTER=$(head -1 "$(psql -qtA "$PG_URL/postgres" -c 'SHOW data_directory')/postmaster.pid")
fi

# CPU ticks of the database's backends, live and (via the postmaster) ended.
pg_ticks() {
    [[ -n "$PG_MASTER" ]] || { echo 0; return; }
    {
        for p in $(psql -qtA "$PG_URL/postgres" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PGDB'"); do
            awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null
        done
        awk '{print $16 + $17}' "/proc/$PG_MASTER/stat"
    } | awk '{s += $1} END {print s + 0}'
}

for round in 1 2; do
    for e in $EXPS; do
        [[ "$e" == - ]] && setting= || setting=$e
        H8_EXP=$setting "$BIN" serve --demo --port "$PORT" "$@" >/dev/null 2>&1 &
        server=$!
        for _ in $(seq 1 300); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.2; done
        rm -f "$JAR"
        csrf=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
        curl -sS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "email=upphandlare@demokommun.example" \
            --data-urlencode "password=demo-losenord-2026" --data-urlencode "_csrf=$csrf" "$BASE/login"
        session=$(awk '$6 == "upphandla_session" {print $7}' "$JAR")
        for u in $URLS; do
            wrk -t2 -c64 -d2s -H "Cookie: upphandla_session=$session" "$BASE$u" >/dev/null
            pg0=$(pg_ticks)
            perf stat -e task-clock,context-switches -p "$server" -o "$STAT" -- \
                wrk -t2 -c64 -d8s --latency -H "Cookie: upphandla_session=$session" "$BASE$u" >"$OUTW" 2>&1
            pg1=$(pg_ticks)
            n=$(grep -o '[0-9]* requests in' "$OUTW" | cut -d' ' -f1)
            tc=$(awk '/task-clock/ {gsub(",", "", $1); print $1}' "$STAT")
            cs=$(awk '/context-switches/ {gsub(",", "", $1); print $1}' "$STAT")
            printf "%-20s %-10s %7s req/s  p99 %9s  server CPU/req %4.0f µs  cs/req %4.1f  db CPU/req %4.0f µs\n" \
                "$e" "$u" "$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUTW")" "$(awk '$1 == "99%" {print $2}' "$OUTW")" \
                "$(echo "$tc * 1000 / $n" | bc -l)" "$(echo "$cs / $n" | bc -l)" \
                "$(echo "($pg1 - $pg0) * 1000000 / $(getconf CLK_TCK) / $n" | bc -l)"
        done
        kill "$server"
        wait "$server" 2>/dev/null
    done
done
