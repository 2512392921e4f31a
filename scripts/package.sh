#!/usr/bin/env bash
# Builds the Linux packages with Tauri's bundler (no downloads at build
# time): target/release/bundle/deb/*.deb and rpm/*.rpm, each with the app
# (/usr/bin/authtray), its tray process (/usr/bin/authtray-tray), its
# desktop entry and icons, and authtray-cli
# (/usr/bin/authtray-cli).
#
# On macOS (and on Windows, from Git Bash) the same command makes the .app
# and .dmg (or the NSIS installer): the tray process and the CLI go into the
# bundle as Tauri external binaries (src-tauri/bundle-helpers.json), so
# they sit beside the app's own binary (Contents/MacOS) where the hand-off
# finds them, and are signed with it. They are named in that config only
# for packaging: tauri-build copies external binaries over the target dir,
# where the workspace builds its own authtray-tray. Not run here (no macOS
# SDK); from Linux, scripts/xplat/package-windows.sh makes the Windows
# installer.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
tauri=../ui/node_modules/.bin/tauri
case "$(uname -s)" in
  Linux)
    scripts/setup.sh run
    cargo build --release --locked -p authtray-cli -p authtray-tray
    (cd src-tauri && $tauri build --bundles deb rpm)
    ls -1 target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm ;;
  *)
    npm --prefix ui ci
    triple=$(rustc -vV | sed -n 's/^host: //p')
    exe=; case $triple in *windows*) exe=.exe ;; esac
    cargo build --release --locked -p authtray-cli -p authtray-tray
    mkdir -p src-tauri/binaries
    for b in authtray-tray authtray-cli; do
      cp "target/release/$b$exe" "src-tauri/binaries/$b-$triple$exe"
    done
    case $triple in
      *apple*) bundles=(app dmg) ;;
      *) bundles=(nsis) ;;
    esac
    (cd src-tauri && $tauri build --bundles "${bundles[@]}" --config bundle-helpers.json)
    ls -1d target/release/bundle/*/* ;;
esac
