#!/usr/bin/env bash
# authtray-core must build without Tauri, GTK or WebKit, and without a front
# end's argument parser (clap lives in authtray-cli): fail if any of them
# appears in its dependency tree.
set -euo pipefail
cd "$(dirname "$0")/.."
gui=$(cargo tree -p authtray-core --edges normal,build --prefix none --format '{p}' \
  | grep -Eo '^(tauri[a-z0-9_-]*|wry|tao|gtk[a-z0-9_-]*|gdk[a-z0-9_-]*|webkit[a-z0-9_-]*|javascriptcore[a-z0-9_-]*|soup[a-z0-9_-]*|clap[a-z0-9_-]*) ' | sort -u || true)
if [ -n "$gui" ]; then
  echo "authtray-core depends on GUI or front-end crates: $gui" >&2
  exit 1
fi
echo "authtray-core: no GUI or front-end crates in its dependency tree"
