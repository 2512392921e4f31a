#!/bin/sh
# C compiler for `cargo check` of Apple targets without Apple's SDK.
# Everything goes to zig cc (zig ships macOS libc headers) through
# cargo-zigbuild's argument filter. An Objective-C source that zig cannot
# compile (mac-notification-sys's notify.m imports <Cocoa/Cocoa.h>, which only
# the SDK has) gets an EMPTY object instead, so its build script finishes:
# fine for `check` (nothing is linked), wrong for a real build.
# ZIGVENV: venv with `pip install ziglang cargo-zigbuild`;
# The zig target follows cargo's $TARGET (set for build scripts and inherited here).
venv=${ZIGVENV:?source scripts/xplat/env.sh}
export CARGO_ZIGBUILD_ZIG_COMMAND="$venv/bin/python3" CARGO_ZIGBUILD_ZIG_COMMAND_ARGS='-m ziglang'
case "${TARGET:-}" in
  x86_64-apple-darwin) t=x86_64-macos-none ;;
  *) t=aarch64-macos-none ;;
esac
objc=0; out=; prev=
for a in "$@"; do
  case "$a" in *.m|*.mm) objc=1 ;; esac
  [ "$prev" = "-o" ] && out=$a
  prev=$a
done
if [ $objc = 0 ] || [ -z "$out" ]; then
  exec "$venv/bin/cargo-zigbuild" zig cc -- -g -fno-sanitize=all -target "$t" "$@"
fi
if "$venv/bin/cargo-zigbuild" zig cc -- -g -fno-sanitize=all -target "$t" "$@" 2>/tmp/mac-cc-objc.$$; then
  rm -f /tmp/mac-cc-objc.$$; exit 0
fi
echo "mac-cc.sh: Objective-C source needs Apple's SDK ($(head -c 300 /tmp/mac-cc-objc.$$ | tr '\n' ' ')); EMPTY object $out (check only)" >&2
rm -f /tmp/mac-cc-objc.$$
exec "$venv/bin/cargo-zigbuild" zig cc -- -target "$t" -x c -c /dev/null -o "$out"
