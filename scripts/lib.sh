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

build_release() {
  say "fetching crates"
  cargo fetch --locked
  say "building the SPA (release, size-tuned)"
  trunk build --release --offline
  say "building the server"
  cargo build --locked --profile server -p portal-server
}

SERVER_BIN="$ROOT/target/server/portal-server"
