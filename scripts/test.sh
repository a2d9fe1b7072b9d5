#!/usr/bin/env bash
# The one command that runs every test: format and lint checks, domain unit
# tests, server tests (SQLite always; PostgreSQL too when TEST_DATABASE_URL
# is set), then the browser journeys in Debian's Chromium. The browser tests
# run the debug build: its dependencies are the ones the tests just built,
# so a cold run compiles the dependency tree once for checking and once for
# testing, and never in release (the release build is `make run`'s and
# `make bench`'s). Ends with the time each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
started=$SECONDS
work=$(mktemp -d)
# The timings are printed however the run ends.
trap 'kill ${server_pid:-} 2>/dev/null || true; rm -rf "$work"; print_timings' EXIT

timed "setup" scripts/setup.sh --test
timed "format" cargo fmt --all -- --check
timed "lints, server side (any warning fails)" \
  cargo clippy -p app -p server --features app/ssr --all-targets -- -D warnings
timed "lints, browser side (any warning fails)" \
  cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
# Two invocations, not one: selected together, the two packages resolve
# the app crate's features differently from the binary's build below,
# which then compiles app and server a second time.
timed "domain tests" cargo test -p app --features ssr
timed "server tests" cargo test -p server
timed "build (debug)" scripts/build.sh debug

port=$(free_port)
# A fixed start (2026-11-03, inside the county window) and a movable clock:
# the journeys cross deadlines.
browser_tests() {
  serve_in_background "$work/server.log" "http://127.0.0.1:$port/login" \
    env JYXX_BIND="127.0.0.1:$port" JYXX_DATA_DIR="$work" JYXX_DEMO_SCALE="${JYXX_E2E_SCALE:-0.05}" \
    RUST_LOG=warn JYXX_NOW=2026-11-03T09:00:00+08:00 JYXX_TEST_CLOCK=true JYXX_OUTBOX="$work/outbox" \
    "$CARGO_TARGET_DIR/debug/jyxx" serve
  (cd end2end && BASE_URL="http://127.0.0.1:$port" JYXX_OUTBOX="$work/outbox" npx playwright test)
  kill "$server_pid"
}
timed "browser tests" browser_tests

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  timed "two instances on PostgreSQL behind nginx" env JYXX_BIN="$CARGO_TARGET_DIR/debug/jyxx" scripts/multi.sh
fi
step_timings+=("$(printf '%6d s  in all' $((SECONDS - started)))")
