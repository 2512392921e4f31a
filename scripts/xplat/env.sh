# Source me (bash): the other desktops from this Debian machine (scripts/setup.sh
# installs what they need). Windows: Debian's rustc-web 1.96 with its std
# sources (-Zbuild-std; rustup here has Linux targets only), linked by MinGW-w64
# GCC, run by Wine 8. macOS: the same rustc type-checks, zig's macOS headers
# compile the C dependencies (mac-cc.sh). Builds go to target/xplat, so the
# Linux build (rustup's rustc) is untouched.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH=/usr/bin:$PATH            # Debian's cargo/rustc ahead of rustup's proxies
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
unset RUSTUP_TOOLCHAIN
export RUSTC_BOOTSTRAP=1              # -Zbuild-std on a stable (Debian) rustc
export CARGO_TARGET_DIR=$root/target/xplat
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine   # cargo test runs the .exe files under Wine
export WINEPREFIX=$root/.tools/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# The app's test binaries load WebView2Loader.dll, which cargo leaves beside them.
export WINEPATH="Z:$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug"
export ZIGVENV=$root/.tools/zig
for t in aarch64_apple_darwin x86_64_apple_darwin; do
  export "CC_$t=$root/scripts/xplat/mac-cc.sh" "AR_$t=$root/scripts/xplat/mac-ar.sh"
done
# Each of these targets is built once per test run: no incremental caches, and
# no debug info (a panic still names its file and line) — a fresh `make test`
# must fit a CI machine's disk.
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=0
WIN=(--target x86_64-pc-windows-gnu -Zbuild-std)
