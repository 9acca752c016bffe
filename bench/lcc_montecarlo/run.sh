#!/usr/bin/env bash
# Monte Carlo LCC, upphandla (Rust, one thread) against numpy doing the same
# work: 100 000 draws × 5 alternatives × 20 years. Prints both and the ratio.
#   bench/lcc_montecarlo/run.sh            # 100 000 draws, 20 timed runs each
#   DRAWS=10000 RUNS=50 bench/lcc_montecarlo/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DRAWS=${DRAWS:-100000}
RUNS=${RUNS:-20}
OUT=bench/out
VENV=$OUT/venv-lcc
mkdir -p "$OUT"
if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import numpy' 2>/dev/null; then
    echo "== installing numpy into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet numpy
fi
cargo build --quiet --release -p upphandla-core --example lcc_montecarlo
echo "== CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
RUST=$(target/release/examples/lcc_montecarlo "$DRAWS" "$RUNS" | tee /dev/stderr | tail -1)
NUMPY=$("$VENV/bin/python" bench/lcc_montecarlo/numpy_montecarlo.py "$DRAWS" "$RUNS" | tee /dev/stderr | tail -1)
rust_ms=$(sed -E 's/.*median ([0-9.]+) ms.*/\1/' <<<"$RUST")
numpy_ms=$(sed -E 's/.*median ([0-9.]+) ms.*/\1/' <<<"$NUMPY")
python3 -c "print(f'== median: upphandla {$rust_ms:.2f} ms, numpy {$numpy_ms:.2f} ms, ratio {$numpy_ms / $rust_ms:.1f}x')"
