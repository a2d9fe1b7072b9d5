#!/usr/bin/env bash
# Two instances of one build (JYXX_BIN; the test command passes its debug
# build, the default is the release build) on one fresh PostgreSQL database,
# started at the same moment, behind nginx: port A reaches instance 1,
# port B instance 2 (the test clock is mirrored to both), then the
# cross-instance journey in Chromium. Needs TEST_DATABASE_URL; called by
# scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
: "${TEST_DATABASE_URL:?names the PostgreSQL server}"
bin="${JYXX_BIN:-$CARGO_TARGET_DIR/release/jyxx}"
work=$(mktemp -d)
p1=$(free_port); p2=$(free_port); a=$(free_port); b=$(free_port)
db="jyxx_e2e_$(date +%s)_$$"
base="${TEST_DATABASE_URL%/*}"
psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE $db"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 1
  psql "$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
for port in "$p1" "$p2"; do
  JYXX_BIND="127.0.0.1:$port" DATABASE_URL="$base/$db" JYXX_DATA_DIR="$work/data" \
    JYXX_DEMO_SCALE=0.05 RUST_LOG=warn JYXX_NOW=2026-11-03T09:00:00+08:00 JYXX_TEST_CLOCK=true \
    "$bin" serve > "$work/server-$port.log" 2>&1 &
  pids+=($!)
done
mkdir -p "$work/nginx"
# nginx's workers run as another user (nobody, when started by root): they
# buffer large answers (the debug WASM is 26 MB) and bodies in $work/nginx.
chmod a+x "$work" && chmod a+rwx "$work/nginx"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  upstream one { server 127.0.0.1:$p1; }
  upstream two { server 127.0.0.1:$p2; }
  # What the README's "At scale" asks of any proxy: live updates unbuffered,
  # uploads up to 20 MB, the client's address passed on.
  map \$http_upgrade \$connection_upgrade { default ""; }
  proxy_http_version 1.1;
  proxy_set_header Connection \$connection_upgrade;
  proxy_set_header Host \$host;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  client_max_body_size 25m;
  server {
    listen 127.0.0.1:$a;
    location = /api/events { proxy_pass http://one; proxy_buffering off; proxy_read_timeout 1h; }
    location = /api/test/clock { mirror /mirror-clock; mirror_request_body on; proxy_pass http://one; }
    location = /mirror-clock { internal; proxy_pass http://two/api/test/clock; }
    location / { proxy_pass http://one; }
  }
  server {
    listen 127.0.0.1:$b;
    location = /api/events { proxy_pass http://two; proxy_buffering off; proxy_read_timeout 1h; }
    location = /api/test/clock { mirror /mirror-clock; mirror_request_body on; proxy_pass http://two; }
    location = /mirror-clock { internal; proxy_pass http://one/api/test/clock; }
    location / { proxy_pass http://two; }
  }
}
CONF
wait_for "http://127.0.0.1:$p1/readyz" "${pids[0]}" "$work/server-$p1.log"
wait_for "http://127.0.0.1:$p2/readyz" "${pids[1]}" "$work/server-$p2.log"
nginx -c "$work/nginx.conf" -p "$work"
for port in "$a" "$b"; do
  node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/readyz"
done
echo "==> two instances behind nginx: :$a -> :$p1, :$b -> :$p2"
status=0
(cd end2end && BASE_URL="http://127.0.0.1:$a" BASE_URL_2="http://127.0.0.1:$b" \
  npx playwright test review_across_instances) || status=$?
if [ $status -ne 0 ]; then tail -n 30 "$work"/server-*.log "$work/nginx/error.log" || true; fi
exit $status
