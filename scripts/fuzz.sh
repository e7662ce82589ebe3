#!/usr/bin/env bash
# Fuzzes the domain crate's parsers and verifiers: builds every cargo-fuzz target in
# fuzz/ and runs each for N seconds (default 20), from the hand-made seeds in
# fuzz/seeds/<target>/ into fuzz/corpus/<target>/ (git-ignored, kept between runs so a
# longer run carries on where the last one stopped). Fails if any target crashes, after
# running the others, and prints each crashing input; turn every one into a #[test] in
# the crate that owns the code (docs/security.md, "Fuzzing the parsers and verifiers").
#
#   scripts/fuzz.sh [seconds-per-target] [target…]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds="${1:-20}"
shift || true
ensure_cargo_fuzz

cd "$ROOT/fuzz"
# Stable Rust only, as on CI: the sanitizers need nightly (-Zsanitizer), and with
# `--sanitizer none` cargo-fuzz passes rustc no -Z flag at all, so no RUSTC_BOOTSTRAP is
# needed. A sanitizer would add memory errors, which the domain crate (no `unsafe`)
# cannot cause; panics, overflows and failed assertions — what the targets look for —
# are caught without one.
fuzz=(--sanitizer none)

say "building the fuzz targets"
cargo fetch --locked
started=$(date +%s)
cargo fuzz build "${fuzz[@]}"
say "built in $(($(date +%s) - started)) s"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
crashed=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  # Only inputs saved by this run are reported: artifacts/ keeps older ones.
  stamp="$(mktemp)"
  say "fuzzing $target for ${seconds} s"
  # -timeout: an input taking 10 s is a hang worth reporting (timeout-* file);
  # -rss_limit_mb: well under the machine's memory, so a runaway input is caught.
  # libFuzzer's progress lines (`#123 NEW cov: …`) are left out of the log; the
  # start, the statistics and any crash report with its input stay.
  if ! cargo fuzz run "${fuzz[@]}" "$target" "corpus/$target" "seeds/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
      2>&1 | { grep -v '^#[0-9]' || true; }; then
    crashed+=("$target")
  fi
  find "artifacts/$target" -type f -newer "$stamp" -printf '    input: fuzz/%p\n'
  rm -f "$stamp"
done

if [ ${#crashed[@]} -gt 0 ]; then
  echo "fuzzing found crashes in: ${crashed[*]}" >&2
  echo "reproduce one with: (cd fuzz && cargo fuzz run --sanitizer none <target> <input>)" >&2
  exit 1
fi
say "fuzzing: ${#targets[@]} targets, ${seconds} s each, no crash"
