#!/usr/bin/env bash
# Installs whatever is missing, builds the release SPA and the server, and starts the
# portal on http://127.0.0.1:8080 with a seeded SQLite database under var/.
# Extra arguments go to the server: --port, --bind, --data-dir (or PORTAL_* env vars).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_rust_tools
ensure_node_deps
build_release
say "starting the portal"
exec "$SERVER_BIN" --dist "$ROOT/dist" "$@"
