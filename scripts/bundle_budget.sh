#!/usr/bin/env bash
# The front end's budgets, printed (part of `make bench`; run it after
# `make build`: it builds nothing). Starts the release server with the
# national demo on a free port, prints the brotli size of what the login
# page and the status table need before they are interactive beside the
# reference (scripts/bundle_budget.mjs), then their time to interactive in
# Chromium at 1.6 Mbps / 150 ms with a 4× slower CPU, cold and warm
# (end2end/bench/).
#   BIN=…           the server binary (default: the release build)
#   BENCH_UI_SCALE  fraction of the national demo to seed (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
site="$PWD/target/site"
bin="${BIN:-$CARGO_TARGET_DIR/release/jyxx}"
if [ ! -f "$site/pkg/manifest.json" ] || [ ! -x "$bin" ]; then
  echo "bundle_budget: no built site or server (run make build first)" >&2
  exit 1
fi
profile=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).profile ?? "unknown")' "$site/pkg/manifest.json")
if [ "$profile" != release ]; then
  echo "bundle_budget: warning: target/site was built as \"$profile\", not release: these are not the release figures" >&2
fi

work=$(mktemp -d)
trap 'kill ${server_pid:-} 2>/dev/null || true; wait ${server_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(free_port)
serve_in_background "$work/server.log" "http://127.0.0.1:$port/login" \
  env JYXX_SITE_ROOT="$site" JYXX_BIND="127.0.0.1:$port" JYXX_DATA_DIR="$work" \
  JYXX_DEMO_SCALE="${BENCH_UI_SCALE:-1}" RUST_LOG=warn "$bin" serve

node scripts/bundle_budget.mjs "http://127.0.0.1:$port" "$site"
echo
echo "==> Time to interactive (body[data-hydrated]) at 1.6 Mbps / 150 ms, CPU 4× slower"
(cd end2end && BASE_URL="http://127.0.0.1:$port" npx playwright test -c bench.config.ts)
