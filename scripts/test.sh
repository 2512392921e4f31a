#!/usr/bin/env bash
# Every test layer, in order; stops at the first failure. Each layer prints a
# closing line (cargo's "test result", node's "# pass/# fail", "vitest: N passed, N failed").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Every target here is built once per run: incremental caches would only take
# disk (about 1 GB), which a CI machine may not have.
export CARGO_INCREMENTAL=0
layer() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }

layer "lint: rustfmt, clippy (warnings denied), svelte-check"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
npm --prefix ui run --silent check

layer "core has no GUI dependency"
scripts/check-core-deps.sh

# One feature set for every Rust target below, so each dependency is compiled
# once: the desktop binary the E2E tests drive comes out of this same build.
features=(--locked --features authtray/custom-protocol)

layer "build: UI bundle, then every Rust target (the app binary embeds the bundle)"
npm --prefix ui run --silent build
cargo test --workspace "${features[@]}" --no-run
# `authtray` hands the tray to authtray-tray beside it, and installs the
# authtray-cli beside it on remote hosts (Add install…).
mkdir -p target/e2e && cp target/debug/authtray target/debug/authtray-tray target/debug/authtray-cli target/e2e/

layer "1-2. cargo test: core, command layer on Tauri's mock runtime, black-box tests against OpenClaw 2026.5.20"
cargo test --workspace "${features[@]}"

layer "2b. the other desktops: every target built for Windows, its tests under Wine; clippy for Windows and macOS"
scripts/xplat/test.sh
# Nothing below uses the Windows/macOS builds (about 4 GB): their disk goes
# back before the release build. AUTHTRAY_KEEP_XPLAT=1 keeps them (a faster
# next run here).
[ "${AUTHTRAY_KEEP_XPLAT:-}" = 1 ] || rm -rf target/xplat

layer "3. Vitest component tests (mockIPC)"
npm --prefix ui test --silent

layer "4. Playwright: built UI in Chromium with mocked IPC (screenshots in target/ui-screenshots)"
npm --prefix ui run --silent e2e

layer "5-7. desktop end to end under Xvfb: WebDriver, tray, and keys in a real Secret Service (artefacts in target/e2e-artefacts)"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test --workspace "${features[@]}" --test it -- --ignored --test-threads=1 desktop:: desktop_session:: tray:: keychain::

layer "8. packages: .deb and .rpm from Tauri's bundler; the .deb installed (dpkg -i), its app and authtray-cli smoke-tested, removed again"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
scripts/package.sh
deb=$(ls -1t target/release/bundle/deb/*.deb | head -1)
as_root dpkg -i "$deb"
trap 'as_root dpkg -r authtray >/dev/null 2>&1 || true' EXIT
test -x /usr/bin/authtray && test -x /usr/bin/authtray-tray && test -x /usr/bin/authtray-cli && test -f /usr/share/applications/Authtray.desktop
smoke=$(mktemp -d)
mkdir -p "$smoke/state/agents/main/agent"
echo "sk-or-v1-package-smoke-0123456789" | OPENCLAW_STATE_DIR="$smoke/state" AUTHTRAY_DATA_DIR="$smoke/data" HOME="$smoke" \
  /usr/bin/authtray-cli profiles add-key --provider openrouter
OPENCLAW_STATE_DIR="$smoke/state" AUTHTRAY_DATA_DIR="$smoke/data" HOME="$smoke" /usr/bin/authtray-cli status | tee "$smoke/status.txt"
grep -q "openrouter:default" "$smoke/status.txt"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env AUTHTRAY_APP=/usr/bin/authtray \
  cargo test --workspace "${features[@]}" --test it -- --ignored --test-threads=1 desktop::window_lists_the_agents_of_the_state_dir
as_root dpkg -r authtray
trap - EXIT
test ! -e /usr/bin/authtray-cli && test ! -e /usr/bin/authtray-tray
rm -rf "$smoke"
echo "packages: installed, smoke-tested and removed"
echo "disk taken by this run's builds and tools: $(du -sh target .tools 2>/dev/null | awk '{print $2" "$1}' | paste -sd' ')"
