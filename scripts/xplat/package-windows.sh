#!/usr/bin/env bash
# The Windows installer, built on this Debian machine: the three programs
# cross-built for x86_64-pc-windows-gnu (scripts/xplat/env.sh) with
# WebView2Loader.dll beside them, packed by Debian's makensis with
# packaging/windows/authtray.nsi (Tauri's NSIS bundler needs downloads this
# machine cannot make; MSI needs Windows). Prints the installer's path.
#
# Usage: scripts/xplat/package-windows.sh [release|debug]
#   release (default) builds optimised programs; debug packs the ones
#   `make test` already built (its installer test).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/xplat/env.sh
profile=${1:-release}
fast=()
triple=x86_64-pc-windows-gnu
case $profile in
  release)
    [ -d ui/dist ] || npm --prefix ui run --silent build
    cargo build --target $triple -Zbuild-std=std,panic_abort --release --locked \
      -p authtray -p authtray-tray -p authtray-cli --features authtray/custom-protocol >&2 ;;
  debug) fast=(-DQUICK) ;;
  *) echo "usage: $0 [release|debug]" >&2; exit 64 ;;
esac
bin=$CARGO_TARGET_DIR/$triple/$profile
version=$(sed -nE 's/^  "version": "([^"]+)".*/\1/p' src-tauri/tauri.conf.json)
out=$CARGO_TARGET_DIR/bundle/Authtray_${version}_x64-setup.exe
mkdir -p "$(dirname "$out")"
makensis -V2 "${fast[@]}" -DBIN="$bin" -DVERSION="$version" -DOUT="$out" packaging/windows/authtray.nsi >&2
echo "$out"
