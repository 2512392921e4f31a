#!/usr/bin/env bash
# Builds the UI and the desktop binary that embeds it (custom-protocol: assets
# inside the binary, no dev server), and keeps a copy at target/e2e/authtray
# (and the tray process beside it, authtray-tray) for the desktop tests — a plain `cargo test` rebuilds target/debug/authtray without it.
set -euo pipefail
cd "$(dirname "$0")/.."
npm --prefix ui run --silent build
cargo build -p authtray -p authtray-tray --locked --features authtray/custom-protocol "$@"
mkdir -p target/e2e
cp target/debug/authtray target/debug/authtray-tray target/e2e/
