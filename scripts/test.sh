#!/usr/bin/env bash
# The one command that runs every test: format and lint checks, domain unit
# tests, server tests
# (SQLite always; PostgreSQL too when TEST_DATABASE_URL is set), then the
# browser journeys in Debian's Chromium against a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
. scripts/env.sh

echo "==> format and lints (any warning fails the run)"
cargo fmt --all -- --check
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

echo "==> unit and integration tests"
cargo test -p app --features ssr
cargo test -p server

echo "==> build (release)"
scripts/build.sh release

echo "==> browser tests"
work=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# A fixed start (2026-11-03, inside the county window) and a movable clock:
# the journeys cross deadlines.
JYXX_BIND="127.0.0.1:$port" JYXX_DATA_DIR="$work" JYXX_DEMO_SCALE="${JYXX_E2E_SCALE:-0.05}" RUST_LOG=warn \
  JYXX_NOW=2026-11-03T09:00:00+08:00 JYXX_TEST_CLOCK=true \
  "$CARGO_TARGET_DIR/release/jyxx" serve > "$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/login"; then break; fi
  if ! kill -0 $server_pid 2>/dev/null; then cat "$work/server.log"; exit 1; fi
  sleep 0.5
done
(cd end2end && BASE_URL="http://127.0.0.1:$port" JYXX_OUTBOX="$work/outbox" npx playwright test)

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "==> two instances on PostgreSQL behind nginx"
  scripts/multi.sh
fi
