#!/usr/bin/env bash
# The Windows installer under Wine: a silent per-user install puts the three
# programs and WebView2Loader.dll in %LOCALAPPDATA%\Programs\Authtray, a
# Start menu entry and an "Installed apps" entry; the installed CLI runs
# and stores a key; a silent uninstall takes away what it installed and
# leaves the user's data (the state dir, Authtray's data folder).
# Usage (scripts/xplat/test.sh): installer-under-wine.sh SETUP_EXE
set -euo pipefail
: "${WINEPREFIX:?source scripts/xplat/env.sh first}"
setup=$1
fail() { echo "installer under Wine: $*" >&2; exit 1; }
appdata=$(wine cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')
dir=$(winepath -u "$appdata\\Programs\\Authtray" 2>/dev/null)
[ -n "$dir" ] || fail "no %LOCALAPPDATA% in the prefix"
rm -rf "$dir"

wine "$setup" /S || fail "the installer exited $?"
for f in authtray.exe authtray-tray.exe authtray-cli.exe WebView2Loader.dll uninstall.exe; do
  [ -f "$dir/$f" ] || fail "$f was not installed in $dir"
done
wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Authtray' /v DisplayVersion 2>/dev/null \
  | grep -q DisplayVersion || fail "no Installed apps entry"
start_menu=$(winepath -u "$(wine cmd /c echo %APPDATA% 2>/dev/null | tr -d '\r')\\Microsoft\\Windows\\Start Menu\\Programs\\Authtray.lnk")
[ -f "$start_menu" ] || fail "no Start menu entry"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
state="Z:${work//\//\\}\\state"
mkdir -p "$work/state/agents/main/agent"
echo sk-or-v1-installed-123456 | OPENCLAW_STATE_DIR=$state AUTHTRAY_DATA_DIR="Z:${work//\//\\}\\data" \
  wine "$dir/authtray-cli.exe" profiles add-key --provider openrouter >"$work/cli.log" 2>&1 \
  || fail "the installed CLI could not store a key: $(cat "$work/cli.log")"
grep -q '"openrouter:default"' "$work/state/agents/main/agent/auth-profiles.json" \
  || fail "the installed CLI did not write the store"

wine "$dir/uninstall.exe" /S || fail "the uninstaller exited $?"
# The uninstaller runs from a copy of itself and returns at once.
for _ in $(seq 100); do [ -e "$dir" ] || break; sleep 0.2; done
[ ! -e "$dir" ] || fail "left behind: $(ls "$dir")"
[ ! -f "$start_menu" ] || fail "the Start menu entry is left"
! wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Authtray' >/dev/null 2>&1 \
  || fail "the Installed apps entry is left"
[ -f "$work/state/agents/main/agent/auth-profiles.json" ] || fail "the uninstaller touched the user's store"
echo "installer under Wine: installed in $dir, the installed CLI stored a key, uninstalled cleanly ($(du -h "$setup" | cut -f1) installer)"
