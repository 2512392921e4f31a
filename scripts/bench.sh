#!/usr/bin/env bash
# Benchmarks in release mode (see tests/src/bin/bench.rs). Not part of `make test`:
# numbers go into notes and the README, never into assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p authtray-cli -p authtray-tests --bins
exec target/release/bench "$@"
