# Shared by run.sh, test.sh and bench.sh: idempotent installs and the release build.
# Each step checks for what it needs and skips when it is already there, so a second
# run costs seconds, while a fresh machine gets everything from the package registries.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# Playwright must never try to download a browser: it drives Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

TRUNK_VERSION=0.21.14

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen CLI must equal the crate version in Cargo.lock to the patch level.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want (must match the crate exactly)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_node_deps() {
  # npm ci only when package-lock.json changed since the last install.
  local stamp=node_modules/.installed-lock-hash
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    say "installing npm tooling (wasm-opt, Playwright, axe)"
    npm ci --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
}

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  fi
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
}

# The API contract check (scripts/api-contract.sh) runs schemathesis from a venv of its
# own, so the pinned version never touches or depends on the machine's site-packages.
# brotli lets its HTTP client decode the `br` answers the server gives to
# `Accept-Encoding: *`; without it those bodies read as undecodable bytes.
SCHEMATHESIS_VERSION=4.32.5
BROTLI_PY_VERSION=1.2.1
SCHEMATHESIS_VENV="$ROOT/target/venv-schemathesis"

ensure_schemathesis() {
  local have
  have="$("$SCHEMATHESIS_VENV/bin/python" -c \
    'import importlib.metadata as m; print(m.version("schemathesis"), m.version("brotli"))' \
    2>/dev/null || true)"
  if [ "$have" != "$SCHEMATHESIS_VERSION $BROTLI_PY_VERSION" ]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION into $SCHEMATHESIS_VENV"
    python3 -m venv "$SCHEMATHESIS_VENV"
    "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check \
      "schemathesis==$SCHEMATHESIS_VERSION" "brotli==$BROTLI_PY_VERSION"
  fi
}

# cargo-fuzz drives the libFuzzer targets in fuzz/ (scripts/fuzz.sh). Pinned so that a
# CI machine and a developer's build the targets the same way; about a minute to install.
CARGO_FUZZ_VERSION=0.13.2

ensure_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
  fi
}

# The per-crate size breakdown (bench/crates.mjs) reads the WASM modules with twiggy. Only
# bench.sh needs it, so only bench.sh installs it.
TWIGGY_VERSION=0.8.0

ensure_twiggy() {
  # The binary calls itself twiggy-opt: compare the version only.
  if [ "$(twiggy --version 2>/dev/null | awk '{print $2}' || true)" != "$TWIGGY_VERSION" ]; then
    say "installing twiggy $TWIGGY_VERSION (size profiler for the per-crate breakdown)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked
  fi
}

build_release() {
  say "fetching crates"
  cargo fetch --locked
  say "building the SPA (release, size-tuned)"
  trunk build --release --offline
  say "building the server"
  cargo build --locked --profile server -p portal-server
}

SERVER_BIN="$ROOT/target/server/portal-server"
