#!/usr/bin/env bash
# Installs whatever is missing and runs every test: domain and server (cargo test), the
# app's storage code in headless Chromium (wasm-bindgen-test), and the Playwright e2e
# suite against the real server serving the real release build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust_tools
ensure_node_deps
ensure_browser

say "domain and server tests"
cargo test --locked -p domain -p portal-server

say "app storage tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked -p portal-app -p portal-forms --target wasm32-unknown-unknown

build_release

say "first-load size budget"
node bench/check-budget.mjs

say "end-to-end tests (Playwright, Debian Chromium)"
npx playwright test -c e2e/playwright.config.mjs
