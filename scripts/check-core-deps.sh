#!/usr/bin/env bash
# authtray-core must build without Tauri, GTK or WebKit, and without a front
# end's argument parser (clap lives in authtray-cli); the tray process
# (authtray-tray) without Tauri or any webview library: fail if any of them
# appears in their dependency trees. Then the layer rules inside the core
# (scripts/check-layers.py).
set -euo pipefail
cd "$(dirname "$0")/.."
deps() { cargo tree -p "$1" --edges normal,build --prefix none --format '{p}'; }
gui=$(deps authtray-core \
  | grep -Eo '^(tauri[a-z0-9_-]*|wry|tao|gtk[a-z0-9_-]*|gdk[a-z0-9_-]*|webkit[a-z0-9_-]*|javascriptcore[a-z0-9_-]*|soup[a-z0-9_-]*|clap[a-z0-9_-]*) ' | sort -u || true)
if [ -n "$gui" ]; then
  echo "authtray-core depends on GUI or front-end crates: $gui" >&2
  exit 1
fi
echo "authtray-core: no GUI or front-end crates in its dependency tree"
web=$(deps authtray-tray \
  | grep -Eo '^(tauri[a-z0-9_-]*|wry|webkit[a-z0-9_-]*|javascriptcore[a-z0-9_-]*|soup[a-z0-9_-]*) ' | sort -u || true)
if [ -n "$web" ]; then
  echo "authtray-tray depends on Tauri or webview crates: $web" >&2
  exit 1
fi
echo "authtray-tray: no Tauri or webview crates in its dependency tree"
python3 scripts/check-layers.py
