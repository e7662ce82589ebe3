#!/usr/bin/env bash
# The API contract check: schemathesis generates requests (valid and invalid) from the
# OpenAPI document a fresh server serves, and fails on any 5xx or any answer the document
# does not describe (status, content type, body). Builds nothing: it runs the server that
# `cargo build --locked --profile server -p portal-server` left in target/server/, over
# dist/. Extra arguments go to `st run` (say, `--max-examples 200` or `--seed 1`).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for need in "$SERVER_BIN" "$ROOT/dist/index.html"; do
  [ -e "$need" ] || { echo "api-contract: $need is missing; build the server and the app first" >&2; exit 1; }
done
ensure_schemathesis

work="$(mktemp -d "${TMPDIR:-/tmp}/portal-contract-XXXXXX")"
server_pid=
stop() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
# So that an interrupted run still stops the server and removes the data.
trap 'exit 130' INT TERM

# Rate limits off: with them, most generated requests would only meet the 429 that every
# limited operation documents, and the handlers behind them would go untested. The
# compression cache is the e2e suite's, so the app and the offline bundle are compressed
# once for both.
: >"$work/server.out"
PORTAL_REGISTRY_RATE=0 PORTAL_LOOKUP_RATE=0 PORTAL_FILING_RATE=0 PORTAL_HANDOFF_RATE=0 \
  PORTAL_EVENT_RATE=0 PORTAL_CSP_REPORT_RATE=0 PORTAL_CACHE_DIR="$ROOT/target/e2e-compress-cache" RUST_LOG="${RUST_LOG:-warn}" \
  "$SERVER_BIN" --bind 127.0.0.1 --port 0 --data-dir "$work/data" --dist "$ROOT/dist" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!

# Up to two minutes: on a fresh machine the first start compresses the app (brotli 11).
url=
for _ in $(seq 1200); do
  url="$(sed -n 's|^listening on \(http://[^ ]*\).*|\1|p' "$work/server.out" | head -n1)"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "api-contract: the server did not start" >&2
  cat "$work/server.err" >&2
  exit 1
fi
url="${url%/}"

say "API contract (schemathesis $SCHEMATHESIS_VERSION) against $url/api/openapi.json"
# No crash cache: it would be left in the checkout, and its replays need this server.
printf '[cache]\nenabled = false\n\n' >"$work/schemathesis.toml"
"$SCHEMATHESIS_VENV/bin/python" "$ROOT/scripts/api-contract-seed.py" "$url" >>"$work/schemathesis.toml"
status=0
# --max-examples bounds each operation's fuzzing so the run stays at a few minutes on two
# cores; the examples and coverage phases still try every documented boundary. A fixed
# seed makes a failure here reproducible with the same command.
"$SCHEMATHESIS_VENV/bin/st" --config-file "$work/schemathesis.toml" --no-color run "$url/api/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples 100 \
  --seed 20251122 \
  --workers 2 \
  --request-timeout 30 \
  --generation-database none \
  "$@" || status=$?

if [ "$status" != 0 ]; then
  echo "api-contract: failed; the server's log follows" >&2
  tail -n 50 "$work/server.err" >&2
fi
exit "$status"
