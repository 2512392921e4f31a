#!/usr/bin/env bash
# Fuzzes every parser that reads outside input (store, openclaw.json, the
# login callback's requests, pasted text, JWTs, other CLIs' login files) for
# FUZZ_SECONDS each (default 60). Each target starts from the small committed
# seeds in src-tauri/core/fuzz/seeds/<target>/ plus whatever earlier runs left
# in src-tauri/core/fuzz/corpus/<target>/ (git-ignored, grows on this machine). A crash, a hang (> 5 s per input) or memory
# above 512 MiB fails the run; the input is kept under fuzz/artifacts/.
# Stable Rust: libFuzzer's coverage instrumentation, no sanitizer.
set -euo pipefail
cd "$(dirname "$0")/../src-tauri/core"
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
seconds=${FUZZ_SECONDS:-60}
targets=(store_reader config_reader callback_request paste_parser jwt_claims external_readers)
cargo fuzz build --sanitizer none -O
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "${targets[@]}"; do
  printf '\n==> %s (%ss)\n' "$t" "$seconds"
  mkdir -p "fuzz/corpus/$t"
  if ! cargo fuzz run --sanitizer none -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$seconds" -timeout=5 -rss_limit_mb=512 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $t FAILED (input kept in src-tauri/core/fuzz/artifacts/$t/)"
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$log" | tr '\n' ' '
  echo
done
