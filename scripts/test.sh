#!/usr/bin/env bash
# The project's test command (README): everything the tests need, then the tests.
# Today the tests need only the Rust toolchain; later capabilities add a
# browser and PostgreSQL here.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "cargo saknas: installera Rust (rustup) först / cargo is missing: install Rust first" >&2
    exit 1
fi

# Shared reference data (../shared) holds the real SIE sample files some tests read.
if [ ! -d ../shared/data ] && [ ! -d /work/shared/data ]; then
    echo "../shared/data saknas: testerna läser SIE-exempelfiler därifrån / ../shared/data is missing" >&2
    exit 1
fi

cargo test --workspace --locked "$@"
