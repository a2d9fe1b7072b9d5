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

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_for URL [PID LOG]: returns once URL answers 2xx; fails (printing LOG)
# if process PID exits first or nothing answers within five minutes.
wait_for() {
  local url=$1 pid=${2:-} log=${3:-/dev/null}
  for _ in $(seq 1 600); do
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url"; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; return 1; fi
    sleep 0.5
  done
  echo "nothing answered $url within five minutes" >&2
  cat "$log" >&2
  return 1
}

# serve_in_background LOG URL COMMAND…: starts COMMAND with its output in
# LOG, sets server_pid, and returns once URL answers (see wait_for).
serve_in_background() {
  local log=$1 url=$2
  shift 2
  "$@" > "$log" 2>&1 &
  server_pid=$!
  wait_for "$url" "$server_pid" "$log"
}

# timed NAME COMMAND…: runs COMMAND, then records how long it took;
# print_timings prints the table (the run and test commands end with it).
step_timings=()
timed() {
  local name=$1 t0=$SECONDS
  shift
  echo "==> $name"
  "$@"
  step_timings+=("$(printf '%6d s  %s' $((SECONDS - t0)) "$name")")
}
print_timings() {
  echo "==> timings"
  printf '%s\n' "${step_timings[@]}"
}

# Crates built from crates.io's source plus a patch of ours (Cargo.toml's
# [patch.crates-io]); cargo cannot resolve the workspace without them.
scripts/patched_crates.sh
