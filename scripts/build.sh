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
if ! command -v brotli >/dev/null; then
  echo "brotli is missing: run scripts/setup.sh" >&2
  exit 1
fi

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
# wasm-bindgen's names are the build's own (glue.js, glue_bg.wasm); the site
# gets the names below.
wasm-bindgen --target web --no-typescript --out-dir "$pkg.new" --out-name glue "$wasm"
if [ "$profile" = release ]; then
  echo "==> wasm-opt -Oz"
  end2end/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-sign-ext --enable-mutable-globals \
    "$pkg.new/glue_bg.wasm" -o "$pkg.new/glue_bg.opt.wasm"
  mv "$pkg.new/glue_bg.opt.wasm" "$pkg.new/glue_bg.wasm"
fi

# Names by content: the glue, the WASM and the stylesheet are named
# jyxx.<digest of the three> (the glue and the WASM only work together), so
# a browser keeps them for good (Cache-Control: immutable) and a new build
# is a new name. The server reads the name from pkg/manifest.json at start.
digest=$(cat "$pkg.new/glue.js" "$pkg.new/glue_bg.wasm" style/main.css | sha256sum | cut -c1-16)
name="jyxx.$digest"
files=("$name.js" "${name}_bg.wasm" "$name.css")
# The glue's fallback path to its WASM (the page passes the real one).
sed "s|new URL('glue_bg\.wasm', import\.meta\.url)|new URL('${name}_bg.wasm', import.meta.url)|" \
  "$pkg.new/glue.js" > "$pkg.new/$name.js"
mv "$pkg.new/glue_bg.wasm" "$pkg.new/${name}_bg.wasm"
cp style/main.css "$pkg.new/$name.css"
rm "$pkg.new/glue.js"
if grep -q "glue_bg\.wasm" "$pkg.new/$name.js"; then
  echo "the glue still names glue_bg.wasm: wasm-bindgen's output changed, see scripts/build.sh" >&2
  exit 1
fi
printf '{"name":"%s","profile":"%s","files":["%s","%s","%s"]}\n' "$name" "$profile" "${files[@]}" \
  > "$pkg.new/manifest.json"

# Compressed once here, served as such (.br and .gz beside each file; the
# server never compresses them again). Release: the smallest there is;
# debug (tens of MB of WASM): fast.
if [ "$profile" = release ]; then br_q=11; gz_q=9; else br_q=1; gz_q=1; fi
precompress() {
  for f in "$@"; do
    brotli -q "$br_q" -f -k -o "$f.br" "$f" &
    gzip -"$gz_q" -n -f -k "$f"
    wait
  done
}
echo "==> brotli -q $br_q, gzip -$gz_q"
precompress "${files[@]/#/$pkg.new/}"
# Earlier builds' files stay beside the new ones: a page served just before
# a deploy (or by an instance not yet restarted) still finds its bundle.
# The three newest builds are kept.
mkdir -p "$pkg"
mv -f "$pkg.new"/* "$pkg/" && rmdir "$pkg.new"
ls -t "$pkg"/jyxx.*.js | tail -n +4 | while read -r old; do
  rm -f "${old%.js}".* "${old%.js}"_bg.*
done
cp -r public/. "$site/"
# The service worker belongs to this build: its caches are named by the
# bundle's digest (a new build's worker replaces every older cache) and it
# keeps this build's files.
list=$(printf "'/pkg/%s', " "${files[@]}")
sed -i -e "s/__BUILD__/$digest/" -e "s|'__BUNDLE__'|${list%, }|" "$site/sw.js"
precompress "$site/sw.js" "$site/favicon.svg"

for f in "${files[@]}"; do
  echo "==> $f: $(stat -c %s "$pkg/$f") bytes raw, $(stat -c %s "$pkg/$f.br") brotli, $(stat -c %s "$pkg/$f.gz") gzip"
done

echo "==> server ($profile)"
if [ "$profile" = release ]; then
  cargo build -p server --release --bin jyxx
else
  cargo build -p server --bin jyxx
fi
