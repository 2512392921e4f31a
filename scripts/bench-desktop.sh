#!/usr/bin/env bash
# What the desktop app costs, in release mode under Xvfb with a tray host
# (see tests/src/bin/desktop-bench.rs): memory with the window open, kept
# and gone, and the time to a painted window. Not part of `make test`:
# numbers go into notes, the README and docs/architecture.md.
set -euo pipefail
cd "$(dirname "$0")/.."
npm --prefix ui run --silent build
cargo build --release --locked -p authtray -p authtray-tray --features authtray/custom-protocol
cargo build --release --locked -p authtray-tests --bin desktop-bench
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- target/release/desktop-bench "$@"
