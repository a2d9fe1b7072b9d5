#!/usr/bin/env bash
# The one command that runs the product: installs what is missing, builds in
# release mode, creates data/app.db, migrates, seeds the national demo into
# an empty database, and serves on http://127.0.0.1:3000. Prints the time
# each step took before the server starts.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
started=$SECONDS
timed "setup" scripts/setup.sh
timed "build (release)" scripts/build.sh release
print_timings
printf '%6d s  to the first start\n' $((SECONDS - started))
exec "$CARGO_TARGET_DIR/release/jyxx" serve
