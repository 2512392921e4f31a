#!/usr/bin/env bash
# The Windows tray process under Wine, on a Wine desktop in Xvfb: it starts
# (a GUI-subsystem program: no console) and draws its icon in the taskbar's
# notification area; a second start hands over to it — asks the first to
# show its window over the named pipe and exits 0 — and the first acts on
# it: it starts the window process beside it (`authtray.exe`, which finds no
# WebView2 under Wine; its windows are what the X server shows of it).
# Screenshots: target/artefacts/wine-tray-*.png.
# Usage (scripts/xplat/test.sh): tray-under-wine.sh DEBUG_DIR
set -euo pipefail
: "${WINEPREFIX:?source scripts/xplat/env.sh first}"
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/target/artefacts
work=$(mktemp -d)
mkdir -p "$out"
fail() { echo "tray under Wine: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }

# A fresh wineserver for this display: one left running by the tests
# before (started without a display) makes every window class fail here.
wineserver -k 2>/dev/null || true
wineserver -w 2>/dev/null || true
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1024x640x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids=($!)
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wineserver -k 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
wine explorer /desktop=shell,1024x640 >"$work/explorer.log" 2>&1 &
pids+=($!)
sleep 5

data="Z:${work//\//\\}\\data"
AUTHTRAY_DATA_DIR=$data OPENCLAW_STATE_DIR="Z:${work//\//\\}\\state" \
  wine "$bin/authtray-tray.exe" --hidden >"$work/first.log" 2>&1 &
pids+=($!)
first=$!
for _ in $(seq 100); do [ -e "$work/data/tray.lock" ] && break; sleep 0.2; done
[ -e "$work/data/tray.lock" ] || fail "the first start never took the tray lock"
window_process() { xwininfo -root -tree | grep -q '("authtray.exe" '; }
for _ in $(seq 50); do xwininfo -root -tree | grep -q '("authtray-tray.exe" ' && break; sleep 0.2; done
sleep 3
import -window root "$out/wine-tray-first.png"
kill -0 "$first" 2>/dev/null || fail "the first start ended"
! window_process || fail "started hidden, yet the window process runs"
! xwininfo -root -tree | grep -q 'authtray-tray.exe": ("conhost.exe"' || fail "the tray opened a console"
xwininfo -root -tree | grep -q '"Wine System Tray"' || fail "no notification area"

rc=0
AUTHTRAY_DATA_DIR=$data timeout 60 wine "$bin/authtray-tray.exe" >"$work/second.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "the second start exited $rc"
kill -0 "$first" 2>/dev/null || fail "the first start ended after the hand-over"
# The first was asked to show its window: it started the window process.
for _ in $(seq 100); do window_process && break; sleep 0.3; done
window_process || fail "the first start did not act on the hand-over"
import -window root "$out/wine-tray-after-second-start.png"
echo "tray under Wine: GUI start, icon drawn ($out/wine-tray-first.png), second start handed over (exit 0), the first started its window process"
