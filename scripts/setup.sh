#!/usr/bin/env bash
# Installs whatever Authtray needs on Debian/Ubuntu, and nothing that is
# already there. `setup.sh run` (make run): what building and running the
# app needs. `setup.sh test` (make test, the default): that plus the test
# tools and peers (Xvfb, WebKitWebDriver, Chromium, OpenClaw, oidc-provider).
# Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-test}
case "$want" in run|test) ;; *) echo "usage: $0 [run|test]" >&2; exit 64 ;; esac

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_PACKAGES=(
  # build: Tauri v2 on Linux (WebKitGTK 4.1, AppIndicator tray, rsvg for icons)
  build-essential pkg-config curl file libssl-dev libxdo-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev librsvg2-bin libdbus-1-dev
)
APT_TEST_PACKAGES=(
  # desktop tests: virtual X server, session bus, WebDriver, tray host, input, screenshots
  xvfb xauth dbus dbus-x11 webkit2gtk-driver trayer xdotool x11-utils imagemagick xclip
  # black-box tests and benchmarks: a pty for interactive OpenClaw commands, peak RSS
  bsdutils time
  # keyring (Secret Service) for the keychain features, and Chromium for UI tests
  gnome-keyring chromium
  # remote installs: a real sshd on 127.0.0.1 and the client Authtray runs; pkill
  openssh-server openssh-client procps
  # the other desktops (scripts/xplat): Debian's rustc 1.96 with its std sources
  # (-Zbuild-std), MinGW-w64 to link for Windows, Wine to run it, makensis for its
  # installer; python3-venv for zig
  rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64 wine64 wine python3-venv nsis
)

[ "$want" = test ] && APT_PACKAGES+=("${APT_TEST_PACKAGES[@]}")
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# rustup's toolchain first (Debian's rustc-web, for the other desktops, is
# used only through scripts/xplat/env.sh).
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] || {
    say "installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  }
  export PATH="$HOME/.cargo/bin:$PATH"
fi

node_ok() { command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  say "installing Node.js 22 (Vite 8 needs Node >= 20.19)"
  curl -fsSL https://deb.nodesource.com/setup_22.x | as_root bash -
  as_root apt-get install -y -q nodejs
fi

if [ "$want" = test ] && ! command -v tauri-driver >/dev/null 2>&1; then
  say "installing tauri-driver (WebDriver bridge for the desktop tests)"
  cargo install tauri-driver --locked
fi

# npm dependencies of the UI (and, for tests, of the test authorization
# server oidc-provider): reinstalled only when a lock file changed. npm
# install, not npm ci: npm 11 leaves some platforms' optional binaries
# (@tauri-apps/cli-*) out of the lock file, which npm ci then rejects.
npm_dirs=(ui)
[ "$want" = test ] && npm_dirs+=(tests/oidc)
for dir in "${npm_dirs[@]}"; do
  stamp=$dir/node_modules/.authtray-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "installing npm dependencies in $dir"
    (cd "$dir" && npm install --no-fund --no-audit)
    cp "$dir/package-lock.json" "$stamp"
  fi
done

# openssh-server starts the system sshd on port 22 when installed; the tests
# run their own on another port, so do not leave one listening.
if [ "$want" = test ] && [ -d /run/systemd/system ] && systemctl is-active -q ssh 2>/dev/null; then
  as_root systemctl disable --now ssh >/dev/null 2>&1 || true
fi

# Real peers for the black-box tests (OpenClaw on Node 26).
if [ "$want" = test ]; then scripts/install-peers.sh; fi

# The other desktops (scripts/xplat/test.sh): zig's macOS headers for the
# C dependencies of a macOS check; a Wine prefix with the ProcessPrng shim
# Rust's std needs and Wine 8 lacks.
if [ "$want" = test ]; then
  if [ ! -x .tools/zig/bin/cargo-zigbuild ]; then
    say "installing zig (macOS headers for the macOS check)"
    python3 -m venv .tools/zig
    .tools/zig/bin/pip install -q ziglang cargo-zigbuild
  fi
  shim=.tools/wine/drive_c/windows/system32/bcryptprimitives.dll
  if [ ! -f "$shim" ]; then
    say "making a Wine prefix for the Windows tests"
    (source scripts/xplat/env.sh && { wine cmd /c exit >/dev/null 2>&1 || true; } \
      && x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" scripts/xplat/bcryptprimitives-shim.c -ladvapi32)
  fi
fi
