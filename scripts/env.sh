# Sourced by the other scripts: where builds and tools are cached.
# The cargo target dir lives outside the clone (under /var/cache when that is
# writable) so that a fresh clone — CI's — does not rebuild from zero.
if [ -z "${JYXX_CACHE:-}" ]; then
  if mkdir -p /var/cache/jyxx 2>/dev/null && [ -w /var/cache/jyxx ]; then
    JYXX_CACHE=/var/cache/jyxx
  else
    JYXX_CACHE="$HOME/.cache/jyxx"
  fi
fi
export JYXX_CACHE
mkdir -p "$JYXX_CACHE/tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$JYXX_CACHE/target}"
export PATH="$JYXX_CACHE/tools/bin:$HOME/.cargo/bin:$PATH"
