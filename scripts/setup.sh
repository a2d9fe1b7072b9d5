#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there.
#   scripts/setup.sh          build tools (wasm32 target, wasm-bindgen, npm packages)
#   scripts/setup.sh --test   also Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v cc >/dev/null || need_apt+=(gcc)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null || need_apt+=(chromium)
  # The multi-instance journey runs behind a real reverse proxy.
  command -v nginx >/dev/null || need_apt+=(nginx)
  command -v psql >/dev/null || need_apt+=(postgresql-client)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi

# The wasm32 standard library: a rustup target where one can be added,
# otherwise Debian's Rust with the std source to rebuild it (TOOLCHAIN.md).
mode_file="$JYXX_CACHE/wasm-mode"
if rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  echo rustup > "$mode_file"
elif rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  echo rustup > "$mode_file"
else
  echo "==> rustup cannot add wasm32: using Debian's Rust with build-std"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web cargo-web rust-web-src lld-22 >/dev/null
  echo build-std > "$mode_file"
fi

# wasm-bindgen's CLI must match the crate in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "==> cargo install wasm-bindgen-cli $want (a few minutes, once)"
  # Not --locked: its lockfile pins a crate version the registry may not serve.
  # Only the wasm-bindgen binary, without the test runner's TLS stack, and
  # optimized lightly: it runs a few seconds per build, and building it
  # is on the path of a fresh machine's first start.
  CARGO_TARGET_DIR="$JYXX_CACHE/tools-target" CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install wasm-bindgen-cli --version "$want" --root "$JYXX_CACHE/tools" --quiet \
    --no-default-features --bin wasm-bindgen
fi

# npm packages: wasm-opt (binaryen; Debian 12's corrupts wasm-bindgen output)
# and Playwright's driver (no browser download: we use Debian's Chromium).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.stamp ]; then
  echo "==> npm ci (end2end)"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.stamp)
fi
