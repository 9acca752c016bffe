#!/usr/bin/env bash
# Side-by-side spend analysis: upphandla vs DuckDB (2 threads) vs pandas on the
# same synthetic ledger. Not run by CI. See bench/README.md.
#
#   bench/spend/run.sh                 # 5,000,000 rows (~480 MB), 3 runs per tool
#   ROWS=100000 RUNS=1 bench/spend/run.sh
#   TOOLS="upphandla duckdb" bench/spend/run.sh
#   BUILD=0 bench/spend/run.sh         # use target/release/upphandla as it is
#
# Everything generated goes to bench/out (git-ignored): the ledger, its account
# map and factor file, the Python venv with duckdb and pandas, results, timings.
set -euo pipefail

cd "$(dirname "$0")/../.."
OUT=bench/out
ROWS=${ROWS:-5000000}
RUNS=${RUNS:-3}
TOOLS=${TOOLS:-upphandla duckdb pandas}
UNMAPPED=${UNMAPPED:-3}  # accounts left out of the map (-> unclassified); delete the data to change
if [[ "$ROWS" == 5000000 ]]; then NAME=ledger-5m; else NAME=ledger-$ROWS; fi
LEDGER=${LEDGER:-$OUT/$NAME.csv}
MAP=${LEDGER%.csv}-kontoplan.csv
FACTORS=${LEDGER%.csv}-faktorer.csv
VENV=$OUT/venv
BIN=target/release/upphandla
mkdir -p "$OUT"

if [[ " $TOOLS " == *" upphandla "* ]]; then
    if [[ "${BUILD:-1}" != 0 ]]; then
        echo "== cargo build --release -p upphandla-cli" >&2
        cargo build --release -p upphandla-cli
    fi
    if ! "$BIN" spend analyze --help >/dev/null 2>&1; then
        echo "upphandla has no 'spend analyze' command yet; running without it" >&2
        TOOLS=${TOOLS//upphandla/}
    fi
fi

if [[ ! -f "$LEDGER" || ! -f "$MAP" || ! -f "$FACTORS" ]]; then
    echo "== generating $LEDGER ($ROWS rows)" >&2
    python3 bench/spend/generate.py "$LEDGER" --rows "$ROWS" --unmapped "$UNMAPPED"
fi

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import duckdb, pandas' 2>/dev/null; then
    echo "== installing duckdb and pandas into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet duckdb pandas
fi

# Sets CMD to the command line for one tool; run directly under GNU time so the
# peak RSS is that process's own.
tool_cmd() {
    case "$1" in
    # Only the bench's own rules and factors, as in the SQL: the shipped keyword
    # rules would classify unmapped lines by name/text, the shipped factors could
    # give `unclassified` a factor.
    upphandla) CMD=("$BIN" spend analyze "$LEDGER" --account-map "$MAP" --factors "$FACTORS"
        --no-default-keywords --no-default-factors --format json) ;;
    # The same without the suspected-duplicate check (not part of the compared
    # query, but on by default in upphandla).
    upphandla-nodup) CMD=("$BIN" spend analyze "$LEDGER" --account-map "$MAP" --factors "$FACTORS"
        --no-default-keywords --no-default-factors --no-duplicate-check --format json) ;;
    duckdb) CMD=("$VENV/bin/python" bench/spend/others.py duckdb "$LEDGER" "$MAP" "$FACTORS" --threads 2) ;;
    pandas) CMD=("$VENV/bin/python" bench/spend/others.py pandas "$LEDGER" "$MAP" "$FACTORS") ;;
    *) echo "unknown tool $1" >&2; exit 2 ;;
    esac
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "== versions: $("$VENV/bin/python" -c 'import duckdb, pandas, sys; print(f"python {sys.version.split()[0]}, duckdb {duckdb.__version__}, pandas {pandas.__version__}")')"
echo "== ledger: $LEDGER, $(wc -c <"$LEDGER") bytes"
LOAD=$(cut -d' ' -f1 /proc/loadavg)
echo "== load average (1 min) before the runs: $LOAD"
if awk -v l="$LOAD" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "   warning: the machine is busy; wall times will be inflated (CPU seconds less so)" >&2
fi
# Warm page cache: every tool reads the file from memory, none pays for the disk.
cat "$LEDGER" "$MAP" "$FACTORS" >/dev/null

TIMES=$OUT/spend-times.tsv
: >"$TIMES"
for run in $(seq 1 "$RUNS"); do
    # Interleaved, so drift in machine load hits all tools alike.
    for tool in $TOOLS; do
        tool_cmd "$tool"
        /usr/bin/time -f "%e %M %U %S" -o "$OUT/spend-time.txt" "${CMD[@]}" >"$OUT/spend-$tool.json"
        read -r wall kb user sys <"$OUT/spend-time.txt"
        echo "$tool $wall $kb $user $sys" >>"$TIMES"
        echo "   run $run $tool: ${wall} s wall, $user+$sys s CPU, $((kb / 1024)) MB, load $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
done

ARGS=()
for tool in $TOOLS; do ARGS+=("$tool=$OUT/spend-$tool.json"); done
python3 bench/spend/compare.py --times "$TIMES" "${ARGS[@]}"
