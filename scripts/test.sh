#!/usr/bin/env bash
# Installs whatever is missing and runs every test: domain and server (cargo test), a
# short fuzzing pass (scripts/fuzz.sh), the app's storage code in headless Chromium
# (wasm-bindgen-test), the API contract check (scripts/api-contract.sh: schemathesis
# against the served OpenAPI document), and the Playwright e2e suite against the real
# server serving the real release build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust_tools
ensure_node_deps
ensure_browser

say "domain and server tests"
cargo test --locked -p domain -p portal-server

# A short pass over every fuzz target (seconds each, from the committed seeds): enough
# to catch a parser change that panics on inputs near the valid ones. bench.sh runs
# the long pass.
"$ROOT/scripts/fuzz.sh" 20

say "app storage tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked -p portal-app -p portal-forms --target wasm32-unknown-unknown

build_release

# Right after the build: the contract check needs the server binary and dist/, and a
# server that breaks its own OpenAPI document should fail before the slower browser suite.
"$ROOT/scripts/api-contract.sh"

say "first-load size budget"
node bench/check-budget.mjs

say "one copy of each crate in the WASM modules"
node bench/check-duplicates.mjs

say "end-to-end tests (Playwright, Debian Chromium)"
npx playwright test -c e2e/playwright.config.mjs
