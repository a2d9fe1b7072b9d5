#!/usr/bin/env bash
# Builds the site without cargo-leptos: the WASM front end → wasm-bindgen →
# wasm-opt → CSS and public files → the server binary.
#   scripts/build.sh [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
profile="${1:-release}"
site="target/site"
pkg="$site/pkg"
mode=$(cat "$JYXX_CACHE/wasm-mode" 2>/dev/null || echo rustup)

if [ "$profile" = release ]; then wasm_profile=wasm-release; else wasm_profile=dev; fi
wasm_dir=$([ "$wasm_profile" = dev ] && echo debug || echo "$wasm_profile")

echo "==> front end (wasm32, $wasm_profile, $mode)"
if [ "$mode" = build-std ]; then
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$CARGO_TARGET_DIR/build-std" \
    /usr/bin/cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$wasm_profile" \
    -Zbuild-std=std,panic_abort
  wasm="$CARGO_TARGET_DIR/build-std/wasm32-unknown-unknown/$wasm_dir/frontend.wasm"
else
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$wasm_profile"
  wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$wasm_dir/frontend.wasm"
fi

rm -rf "$pkg.new" && mkdir -p "$pkg.new"
wasm-bindgen --target web --no-typescript --out-dir "$pkg.new" --out-name jyxx "$wasm"
if [ "$profile" = release ]; then
  echo "==> wasm-opt -Oz"
  end2end/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-sign-ext --enable-mutable-globals \
    "$pkg.new/jyxx_bg.wasm" -o "$pkg.new/jyxx_bg.opt.wasm"
  mv "$pkg.new/jyxx_bg.opt.wasm" "$pkg.new/jyxx_bg.wasm"
fi
cp style/main.css "$pkg.new/jyxx.css"
rm -rf "$pkg" && mv "$pkg.new" "$pkg"
cp -r public/. "$site/"
# The service worker's caches belong to this build (the bundle's digest):
# a new build's worker replaces every older cache.
build_id=$(sha256sum "$pkg/jyxx_bg.wasm" | cut -c1-16)
sed -i "s/__BUILD__/$build_id/" "$site/sw.js"

raw=$(stat -c %s "$pkg/jyxx_bg.wasm")
if command -v brotli >/dev/null; then
  br=$(brotli -c -q 11 "$pkg/jyxx_bg.wasm" | wc -c)
else
  br="?"
fi
echo "==> WASM size: $raw bytes raw, $br bytes brotli"

echo "==> server ($profile)"
if [ "$profile" = release ]; then
  cargo build -p server --release --bin jyxx
else
  cargo build -p server --bin jyxx
fi
