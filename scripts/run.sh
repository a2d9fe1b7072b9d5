#!/usr/bin/env bash
# The one command that runs the product: installs what is missing, builds in
# release mode, creates data/app.db, migrates, seeds the national demo into
# an empty database, and serves on http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
. scripts/env.sh
exec "$CARGO_TARGET_DIR/release/jyxx" serve
