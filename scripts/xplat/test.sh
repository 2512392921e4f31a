#!/usr/bin/env bash
# The other desktops, from this Debian machine (scripts/setup.sh installs the
# toolchain; scripts/xplat/env.sh says how): every package and test target
# built for Windows (x86_64-pc-windows-gnu), the core, CLI, tray and
# command-layer tests run under Wine, and clippy with warnings denied for
# Windows and both macOS targets. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/xplat/env.sh
features=(--locked --features authtray/custom-protocol)
say() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }
[ -d ui/dist ] || npm --prefix ui run --silent build

say "Windows: build every package and test target"
cargo test "${WIN[@]}" --workspace "${features[@]}" --no-run

say "Windows: core, CLI, tray and command-layer tests under Wine"
cargo test "${WIN[@]}" "${features[@]}" -p authtray-core -p authtray-cli -p authtray-tray -p authtray

say "Windows: clippy, warnings denied"
cargo clippy "${WIN[@]}" --workspace --all-targets "${features[@]}" -- -D warnings

for mac in aarch64-apple-darwin x86_64-apple-darwin; do
  say "macOS ($mac): clippy, warnings denied"
  cargo clippy --target "$mac" -Zbuild-std --workspace --all-targets "${features[@]}" -- -D warnings
done
