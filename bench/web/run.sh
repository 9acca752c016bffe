#!/usr/bin/env bash
# Web application benchmark (issue 4, point 7, "Speed"). Not run by CI; see
# bench/README.md, section "Web application".
#
# 1. Imports a 1,000,000-line ledger into the demo organisation "Demo kommun"
#    through the browser's upload form (multipart POST /spend/upload?_csrf=…,
#    fields `name` and `file`, signed in as upphandlare@demokommun.example),
#    timed end to end with curl: upload + analysis + storage until the 303.
#    RUNS imports per backend, each on a fresh database; the median counts.
# 2. With that import in place (server restarted on the same database), runs
#    wrk against Översikt (/), the Inköpsanalys result page (/spend/{id}) and
#    /health (ceiling), and as the reference a Python stdlib
#    ThreadingHTTPServer serving the same Översikt bytes from a file.
# 3. Repeats both on PostgreSQL, in a bench database created and dropped here.
# 4. Writes bench/out/web-results.md (printed at the end) with each figure's
#    ratio to the issue's target: >= 3,000 req/s and p99 < 50 ms on both pages
#    at 64 connections; import < 10 s.
#
#   bench/web/run.sh                                  # the full run (about 4 minutes after the build)
#   BUILD=0 bench/web/run.sh                          # no cargo build
#   ROWS=100000 RUNS=1 DURATION=5s bench/web/run.sh   # quick check
#   BACKENDS=sqlite bench/web/run.sh                  # one backend (sqlite or postgres)
#
# Settings (environment): ROWS=1000000, RUNS=3 (imports per backend),
# DURATION=15s and WARMUP=3s (per wrk run), CONNECTIONS=64, THREADS=2 (wrk),
# PORT=18090 (PORT+1 for the Python reference), BACKENDS="sqlite postgres",
# PG_URL=postgres://postgres@127.0.0.1:5432, PG_DB=upphandla_bench.
#
# Idempotent: installs wrk from Debian if missing; the ledger is generated once
# into bench/out/ (git-ignored, bench/web/generate.py; delete it after changing
# the generator); every import starts on
# a fresh database (bench/out/web-data-sqlite/ removed, PG_DB dropped and
# created); servers started here are stopped and PG_DB dropped on exit.
# Output in bench/out/: web-results.md, web-measurements.tsv, web-wrk-*.txt
# (raw wrk output), web-server-*.log, web-overview.html (the reference's page).
set -euo pipefail

cd "$(dirname "$0")/../.."
OUT=bench/out
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
REF_PORT=$((PORT + 1))
BACKENDS=${BACKENDS:-sqlite postgres}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=${PG_DB:-upphandla_bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/upphandla-target}
BUILT=$CARGO_TARGET_DIR/release/upphandla
BIN=$OUT/web-upphandla  # a copy: others' builds may replace the shared binary mid-run
EMAIL=upphandlare@demokommun.example
PASSWORD=demo-losenord-2026
BASE=http://127.0.0.1:$PORT
if [[ "$ROWS" == 1000000 ]]; then NAME=web-ledger-1m; else NAME=web-ledger-$ROWS; fi
LEDGER=$OUT/$NAME.csv
TSV=$OUT/web-measurements.tsv
JAR=$OUT/web-cookies.txt
mkdir -p "$OUT"

SERVER_PID=
REF_PID=
PG_MASTER=
PG_CREATED=
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [[ -n "$REF_PID" ]]; then kill "$REF_PID" 2>/dev/null || true; wait "$REF_PID" 2>/dev/null || true; fi
    if [[ -n "$PG_CREATED" ]]; then psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

log() { echo "== $*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# --- 1. wrk ------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian)"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

# --- 2. build ----------------------------------------------------------------
if [[ "${BUILD:-1}" != 0 ]]; then
    log "cargo build --release -p upphandla-cli"
    cargo build --release -p upphandla-cli
fi
[[ -x "$BUILT" ]] || { echo "no binary at $BUILT (run with BUILD=1)" >&2; exit 1; }
mkdir -p "$OUT"
cp "$BUILT" "$BIN.tmp" && mv -f "$BIN.tmp" "$BIN"  # mv: works while an old copy runs

# --- 3. data -----------------------------------------------------------------
if [[ ! -f "$LEDGER" ]]; then
    log "generating $LEDGER ($ROWS rows)"
    python3 bench/web/generate.py "$LEDGER" --rows "$ROWS"
fi

# --- helpers -----------------------------------------------------------------
# DB_ARGS and DB_LABEL for a backend; fresh=1 empties its database first.
use_backend() {
    local backend=$1 fresh=$2
    case "$backend" in
    sqlite)
        DATA=$OUT/web-data-sqlite
        DB_ARGS=(--data-dir "$DATA")
        if [[ "$fresh" == 1 ]]; then rm -rf "$DATA"; fi
        ;;
    postgres)
        DB_ARGS=(--database-url "$PG_URL/$PG_DB")
        PG_MASTER=$(head -1 "$(psql -qtA "$PG_URL/postgres" -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)
        if [[ "$fresh" == 1 ]]; then
            psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
            psql -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
            PG_CREATED=1
        fi
        ;;
    *) echo "unknown backend $backend" >&2; exit 2 ;;
    esac
}

# Runs SQL against the current backend's database; prints the result unaligned.
db_query() {
    case "$BACKEND" in
    sqlite) sqlite3 "$DATA/upphandla.db" "$1" ;;
    postgres) psql -qtA "$PG_URL/$PG_DB" -c "$1" ;;
    esac
}

start_server() {
    local logfile=$OUT/web-server-$BACKEND.log
    echo "--- $(date -Is) serve ${DB_ARGS[*]}" >>"$logfile"
    "$BIN" serve --demo --port "$PORT" "${DB_ARGS[@]}" >>"$logfile" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        if curl -fsS "$BASE/health" >/dev/null 2>&1; then return; fi
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; see $logfile" >&2; tail -5 "$logfile" >&2; exit 1; }
        sleep 0.2
    done
    echo "server did not answer on $BASE within 120 s" >&2
    exit 1
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}

# The server's peak and current resident memory in kB: "VmHWM VmRSS".
server_mem() {
    awk '/^VmHWM:/ {h=$2} /^VmRSS:/ {r=$2} END {print h, r}' "/proc/$SERVER_PID/status"
}

# Signs in as the browser does: GET /login (pre-CSRF cookie + `_csrf` in the
# form), POST /login; sets SESSION (the session cookie's value).
login() {
    rm -f "$JAR"
    local csrf status
    csrf=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
    [[ -n "$csrf" ]] || { echo "no _csrf in the sign-in form" >&2; exit 1; }
    status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" \
        --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "_csrf=$csrf" --data-urlencode "next=/" "$BASE/login")
    [[ "$status" == 303 ]] || { echo "sign-in failed: HTTP $status" >&2; exit 1; }
    SESSION=$(awk '$6 == "upphandla_session" {print $7}' "$JAR")
    [[ -n "$SESSION" ]] || { echo "no session cookie after sign-in" >&2; exit 1; }
}

# The upload form's action, exactly as the browser would post it.
upload_action() {
    local action
    action=$(curl -fsS -b "$JAR" "$BASE/spend" | grep -o 'action="/spend/upload?_csrf=[0-9a-f]*"' | head -1 | cut -d'"' -f2)
    [[ -n "$action" ]] || { echo "no upload form on $BASE/spend (are the spend pages built?)" >&2; exit 1; }
    echo "$action"
}

# Uploads the ledger; sets IMPORT_ID and IMPORT_SECONDS.
upload() {
    local action result status seconds location
    action=$(upload_action)
    # No `Expect: 100-continue` (browsers do not send it); the 303 ends the timing.
    result=$(curl -sS -o "$OUT/web-upload-response.html" -H 'Expect:' -b "$JAR" \
        -w '%{http_code} %{time_total} %{redirect_url}' \
        -F "name=Bench $ROWS rader" -F "file=@$LEDGER;type=text/csv" "$BASE$action")
    read -r status seconds location <<<"$result"
    if [[ "$status" != 303 ]]; then
        echo "upload failed: HTTP $status; response in $OUT/web-upload-response.html" >&2
        exit 1
    fi
    IMPORT_ID=$(sed -n 's|.*/spend/\([0-9][0-9]*\).*|\1|p' <<<"$location")
    [[ -n "$IMPORT_ID" ]] || { echo "upload redirected to '$location', not /spend/{id}" >&2; exit 1; }
    IMPORT_SECONDS=$seconds
}

# The import holds all the file's lines, in the report and in ledger_lines.
check_rows() {
    local rows lines
    rows=$(db_query "SELECT rows FROM imports WHERE id = $IMPORT_ID")
    lines=$(db_query "SELECT COUNT(*) FROM ledger_lines WHERE import_id = $IMPORT_ID")
    if [[ "$rows" != "$ROWS" || "$lines" != "$ROWS" ]]; then
        echo "import $IMPORT_ID: report says $rows rows, $lines lines stored; expected $ROWS" >&2
        exit 1
    fi
}

# GET with the session; checks 200 and prints the body's byte count.
page_bytes() {
    local status
    status=$(curl -sS -o "$OUT/web-page.html" -w '%{http_code}' -H "Cookie: upphandla_session=$SESSION" "$1")
    [[ "$status" == 200 ]] || { echo "GET $1: HTTP $status (expected 200)" >&2; exit 1; }
    wc -c <"$OUT/web-page.html"
}

# CPU accounting, in clock ticks: "ours" is the server under test (OURS_PID)
# and, on PostgreSQL, the bench database's backends (and PostgreSQL backends
# that ended during the interval); "other" is everything
# else on the machine (other people's builds), so a figure taken while the
# shared machine was busy shows it.
TICK=$(getconf CLK_TCK)
ours_snapshot() {
    local pids=("$OURS_PID") p
    if [[ "$BACKEND" == postgres ]]; then
        pids+=($(psql -qtA "$PG_URL/postgres" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB'"))
    fi
    for p in "${pids[@]}"; do
        if [[ -r /proc/$p/stat ]]; then awk -v p="$p" '{print p, $14 + $15}' "/proc/$p/stat"; fi
    done
    # Backends that ended meanwhile (the pool replaces connections whose
    # query a request cancelled by wrk's stop left unfinished) are in the
    # postmaster's reaped-children CPU.
    if [[ "$BACKEND" == postgres && -n "$PG_MASTER" && -r /proc/$PG_MASTER/stat ]]; then
        awk '{print "reaped", $16 + $17}' "/proc/$PG_MASTER/stat"
    fi
}
machine_ticks() { awk '/^cpu / {b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6}' /proc/stat; }
cpu_start() {
    CPU0=$(machine_ticks)
    OURS0=$(ours_snapshot)
}
# Sets OURS_TICKS and OTHER_CORES (mean cores busy with other processes) since
# cpu_start; $1 = ticks of the load generator, not counted as other.
cpu_stop() {
    local b0 t0 b1 t1
    read -r b0 t0 <<<"$CPU0"
    read -r b1 t1 <<<"$(machine_ticks)"
    OURS_TICKS=$(awk 'NR == FNR {before[$1] = $2; next} {d += $2 - before[$1]} END {print d + 0}' \
        <(echo "$OURS0") <(ours_snapshot))
    OTHER_CORES=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v o="$OURS_TICKS" -v w="${1:-0}" -v n="$(nproc)" \
        'BEGIN { v = (b - o - w) / t * n; if (v < 0) v = 0; printf "%.2f", v }')
}

# wrk against one URL: a warm-up, then the measured run; one TSV row.
measure() {
    local label=$1 url=$2 bytes file wrk_ticks
    bytes=$(page_bytes "$url")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: upphandla_session=$SESSION" "$url" >/dev/null
    file=$OUT/web-wrk-$BACKEND-$label.txt
    cpu_start
    /usr/bin/time -f '%U %S' -o "$OUT/web-wrk-time.txt" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: upphandla_session=$SESSION" "$url" >"$file"
    wrk_ticks=$(awk -v k="$TICK" '{printf "%.0f", ($1 + $2) * k}' "$OUT/web-wrk-time.txt")
    cpu_stop "$wrk_ticks"
    printf 'wrk\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$BACKEND" "$label" "$url" "$bytes" "$file" \
        "$(load1)" "$OURS_TICKS" "$wrk_ticks" "$OTHER_CORES" >>"$TSV"
    log "$BACKEND $label: $(grep 'Requests/sec' "$file" | tr -s ' '), p99 $(awk '$1 == "99%" {print $2}' "$file"), other processes $OTHER_CORES cores"
}

# --- 4. runs -----------------------------------------------------------------
{
    printf 'meta\tdate\t%s\n' "$(date -Is)"
    printf 'meta\ttick\t%s\n' "$TICK"
    printf 'meta\tmachine\t%s cores, %s, %s GB RAM\n' "$(nproc)" \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" "$(free -g | awk '/Mem:/{print $2}')"
    printf 'meta\tledger\t%s: %s rows, %s bytes\n' "$LEDGER" "$ROWS" "$(wc -c <"$LEDGER")"
    printf 'meta\twrk\t%s, -t%s -c%s -d%s (after a %s warm-up), --latency\n' \
        "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
    printf 'meta\tversions\t%s (commit %s); %s; PostgreSQL %s\n' "$("$BIN" --version 2>/dev/null || echo upphandla)" \
        "$(git rev-parse --short HEAD 2>/dev/null || echo ?)" \
        "$(python3 --version)" "$(psql -qtA "$PG_URL/postgres" -c 'SHOW server_version' 2>/dev/null || echo '?')"
} >"$TSV"
log "load average (1 min) before the runs: $(load1)"
if awk -v l="$(load1)" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "   warning: the machine is busy; figures will be lower than on an idle machine" >&2
fi
cat "$LEDGER" >/dev/null  # page cache: the upload reads from memory

REF_DONE=
for BACKEND in $BACKENDS; do
    : >"$OUT/web-server-$BACKEND.log"
    for run in $(seq 1 "$RUNS"); do
        use_backend "$BACKEND" 1
        start_server
        login
        OURS_PID=$SERVER_PID
        cpu_start
        upload
        cpu_stop 0
        check_rows
        read -r hwm rss <<<"$(server_mem)"
        printf 'import\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$BACKEND" "$run" "$IMPORT_SECONDS" "$ROWS" "$hwm" \
            "$(load1)" "$OURS_TICKS" "$OTHER_CORES" >>"$TSV"
        log "$BACKEND import $run: $IMPORT_SECONDS s, $ROWS rows checked, server peak $((hwm / 1024)) MB, other processes $OTHER_CORES cores"
        stop_server
    done

    # Pages: a fresh process on the database that holds the last import.
    use_backend "$BACKEND" 0
    start_server
    OURS_PID=$SERVER_PID
    login
    measure health "$BASE/health"
    measure overview "$BASE/"
    measure spend "$BASE/spend/$IMPORT_ID"
    read -r hwm rss <<<"$(server_mem)"
    printf 'serve\t%s\t%s\t%s\n' "$BACKEND" "$hwm" "$rss" >>"$TSV"

    if [[ -z "$REF_DONE" ]]; then
        # The reference serves exactly the bytes the app just rendered for Översikt.
        page_bytes "$BASE/" >/dev/null
        cp "$OUT/web-page.html" "$OUT/web-overview.html"
        python3 bench/web/static_server.py "$OUT/web-overview.html" "$REF_PORT" &
        REF_PID=$!
        for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$REF_PORT/" 2>/dev/null && break; sleep 0.1; done
        saved=$BACKEND
        BACKEND=python
        OURS_PID=$REF_PID
        measure overview "http://127.0.0.1:$REF_PORT/"
        BACKEND=$saved
        OURS_PID=$SERVER_PID
        kill "$REF_PID"; wait "$REF_PID" 2>/dev/null || true
        REF_PID=
        REF_DONE=1
    fi
    stop_server
    if [[ "$BACKEND" == postgres ]]; then
        psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
        PG_CREATED=
    fi
done
log "load average (1 min) after the runs: $(load1)"

# --- 5. results --------------------------------------------------------------
python3 bench/web/report.py "$TSV" >"$OUT/web-results.md"
cat "$OUT/web-results.md"
