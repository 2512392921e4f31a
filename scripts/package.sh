#!/usr/bin/env bash
# Builds the Linux packages with Tauri's bundler (no downloads at build
# time): target/release/bundle/deb/*.deb and rpm/*.rpm, each with the app
# (/usr/bin/authtray), its tray process (/usr/bin/authtray-tray), its
# desktop entry and icons, and authtray-cli
# (/usr/bin/authtray-cli). macOS (.dmg) and Windows (.msi) packages are
# built the same way on those systems: `tauri build` there (untested here).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh run
cargo build --release --locked -p authtray-cli -p authtray-tray
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb rpm)
ls -1 target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
