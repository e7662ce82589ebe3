#!/usr/bin/env bash
# Prints the performance figures (sizes, search latency, server load) and writes them to
# docs/performance.md and docs/performance.json. Not a test: nothing here fails on time.
# Then fuzzes for longer than the tests do, and that does fail on a crash.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust_tools
ensure_node_deps
ensure_browser
command -v wrk >/dev/null || apt_install wrk
ensure_twiggy
build_release

say "native search benchmark (criterion)"
cargo bench --locked -p domain --bench search -- --noplot 2>&1 | tee target/bench-search-native.txt
# criterion prints "time: [low mid high]"; keep the middle estimate for the report.
mid=$(grep -m1 -A0 'time:' target/bench-search-native.txt | sed -E 's/.*\[[^ ]+ [^ ]+ ([^ ]+ [^ ]+).*/\1/')
printf '{"summary": "%s per run of the 20 queries"}\n' "$mid" > target/bench-search-native.json

# Before bench.mjs, which puts its counts in the report. A lost answer or a duplicate
# dossier fails this script, but only once the figures and the fuzzing are done.
command -v sqlite3 >/dev/null || apt_install sqlite3
say "fault-injection stress: ${STRESS_ITERATIONS:-200} forms, one fault each"
stress_status=0
node bench/stress.mjs || stress_status=$?

say "browser, catalogue and load figures"
node bench/bench.mjs

# The long fuzzing pass, last so that a crash it finds does not cost the figures above.
# FUZZ_SECONDS per target; the corpus in fuzz/corpus/ grows from run to run.
"$ROOT/scripts/fuzz.sh" "${FUZZ_SECONDS:-300}"

exit "$stress_status"
