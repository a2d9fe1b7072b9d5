#!/usr/bin/env bash
# Unpacks the published crates the workspace builds with a patch of ours
# (Cargo.toml, [patch.crates-io]) into target/patched/<crate>-<version>:
# the .crate file as crates.io serves it (checked against its SHA-256, the
# checksum Cargo.lock had for it), then frontend/patches/<crate>-<version>-*.patch.
# Run by scripts/env.sh, so every script has them before cargo runs;
# does nothing when they are up to date.
#
#   tachys 0.2.19: AnyView without the async hydration path, backported from
#   tachys 0.3 (README, "Front-end weight").
set -euo pipefail
# Runs before scripts/setup.sh (cargo needs the crates to read the
# workspace at all), so it installs its own two tools where missing.
need=()
command -v patch >/dev/null || need+=(patch)
command -v curl >/dev/null || need+=(curl ca-certificates)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
patched_crate() {
  local name=$1 version=$2 sha=$3 patch=$4
  local dir="target/patched/$name-$version" stamp
  stamp=$(sha256sum "$patch" | cut -c1-16)
  [ -f "$dir/.patched-$stamp" ] && return 0
  local crate
  crate=$(ls "$HOME"/.cargo/registry/cache/*/"$name-$version.crate" 2>/dev/null | head -1 || true)
  if [ -z "$crate" ]; then
    crate="target/patched/$name-$version.crate"
    mkdir -p target/patched
    curl -sSfL -o "$crate" "https://static.crates.io/crates/$name/$name-$version.crate"
  fi
  if [ "$(sha256sum "$crate" | cut -d' ' -f1)" != "$sha" ]; then
    echo "$name $version: the downloaded crate's SHA-256 is not $sha" >&2
    return 1
  fi
  rm -rf "$dir" && mkdir -p target/patched
  tar -xzf "$crate" -C target/patched
  rm -f "target/patched/$name-$version.crate"
  patch -s -p1 -d "$dir" < "$patch"
  touch "$dir/.patched-$stamp"
}
patched_crate tachys 0.2.19 e47e2220bb9d2a3be976a22a0fb7685a0b84499bb11ea5cb3bbc82907675ac68 \
  frontend/patches/tachys-0.2.19-no-async-hydration.patch
