#!/usr/bin/env bash
# Prints the performance figures (sizes, search latency, server load) and writes them to
# docs/performance.md and docs/performance.json. Not a test: nothing here fails on time.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust_tools
ensure_node_deps
ensure_browser
command -v wrk >/dev/null || apt_install wrk
build_release

say "native search benchmark (criterion)"
cargo bench --locked -p domain --bench search -- --noplot 2>&1 | tee target/bench-search-native.txt
# criterion prints "time: [low mid high]"; keep the middle estimate for the report.
mid=$(grep -m1 -A0 'time:' target/bench-search-native.txt | sed -E 's/.*\[[^ ]+ [^ ]+ ([^ ]+ [^ ]+).*/\1/')
printf '{"summary": "%s per run of the 20 queries"}\n' "$mid" > target/bench-search-native.json

say "browser, catalogue and load figures"
node bench/bench.mjs
