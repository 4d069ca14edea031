#!/usr/bin/env bash
# config-bench.sh - per-machine configs for 1,000 registered machines: time and memory to render, transpile
# and pack every machine's oem.cpio.gz cold and then from the content-hash cache, and requests per second
# for GET /ignition?mac=... and GET /oem/<mac>.cpio.gz rotating over all machines (wrk, server on CPU 1,
# wrk on CPU 0), beside nginx serving the same 1,000 configs and archives as prebuilt static files (what the
# hand-built pipeline ends with), runs interleaved. The config is bench/typical-config.yaml with the machine's
# hostname templated in, and the profile joins the swarm as a worker (fixed tokens), so every config also
# carries the two swarm units. For scale, the manual pipeline's packing step alone (find usr | cpio -o -H newc
# | gzip, per machine) is timed over the same 1,000 configs.
# The cold and cached passes run on a fresh JVM (what the first rack after a restart sees); the request rates
# after a warm-up. Env: MACHINES=1000 DURATION=10s CONNECTIONS=50 WARMUP=150s WARMUP_OEM=30s PORT=28180 ADMIN_PORT=28181 BENCH_DIR=/tmp/provisioner-config-bench
# Loopback only; bounded by wrk's duration and timeout(1); the server is stopped by PID.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/provisioner-server/target/provisioner-server.jar
BENCH=${BENCH_DIR:-${TMPDIR:-/tmp}/provisioner-config-bench}
MACHINES=${MACHINES:-1000}; DURATION=${DURATION:-10s}; CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-28180}; ADMIN_PORT=${ADMIN_PORT:-28181}
SPIN=(taskset -c 1); CPIN=(taskset -c 0); [ "$(nproc)" -ge 2 ] || { SPIN=(); CPIN=(); }
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light cpio >/dev/null
fi
NGINX_PORT=${NGINX_PORT:-28182}
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)
SERVER=""; NGINX=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; [ -n "$NGINX" ] && kill "$NGINX" 2>/dev/null; wait 2>/dev/null || true' EXIT

rm -rf "$BENCH"; mkdir -p "$BENCH"/{data/profiles,data/machines,data/configs,log,www/oem,www/ignition,nginx/tmp,pack}
printf 'boot:\n  kernel: flatcar/vmlinuz\nconfig: node.yaml\nswarm:\n  role: worker\n' > "$BENCH/data/profiles/bench.yaml"
sed 's/inline: worker-017/inline: [=machine.hostname]/' "$REPO/bench/typical-config.yaml" > "$BENCH/data/configs/node.yaml"
MACS=()
for i in $(seq 0 $((MACHINES - 1))); do
  mac=$(printf '52-54-00-%02x-%02x-%02x' $((i >> 16)) $(((i >> 8) & 255)) $((i & 255))); MACS+=("$mac")
  printf 'hostname: node-%d\nprofile: bench\n' "$i" > "$BENCH/data/machines/$mac.yaml"
done
PROVISIONER_SWARM_WORKER_TOKEN="SWMTKN-1-$(printf '%050d' 7)-$(printf '%025d' 9)" PROVISIONER_SWARM_MANAGERS=10.0.0.1:2377,10.0.0.2:2377 \
PROVISIONER_DATA_DIR=$BENCH/data PROVISIONER_HTTP_PORT=$PORT PROVISIONER_ADMIN_PORT=$ADMIN_PORT PROVISIONER_BIND=127.0.0.1 \
  "${SPIN[@]}" java -jar "$JAR" server "$REPO/config.yml" > "$BENCH/log/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/boot.ipxe" && break; sleep 0.05; done
rss() { echo $(( $(ps -o rss= -p "$SERVER") / 1024 )); }
RSS0=$(rss)
fetch_all() {  # one sequential pass over every machine's archive; prints seconds
  local list=$BENCH/urls.txt t0
  printf "url = \"http://127.0.0.1:$PORT/oem/%s.cpio.gz\"\noutput = /dev/null\n" "${MACS[@]}" > "$list"
  t0=$(date +%s%N); "${CPIN[@]}" curl -sf --parallel-max 1 -K "$list"; echo "scale=2; ($(date +%s%N) - $t0) / 1000000000" | bc
}
COLD=$(fetch_all); RSS1=$(rss)
WARM=$(fetch_all); RSS2=$(rss)
SIZE=$(curl -sf "http://127.0.0.1:$PORT/oem/${MACS[0]}.cpio.gz" | wc -c); JSIZE=$(curl -sf "http://127.0.0.1:$PORT/ignition?mac=${MACS[0]}" | wc -c)

# the hand-built pipeline's result: every machine's files, prebuilt, for nginx; and its packing step, timed
for mac in "${MACS[@]}"; do
  printf 'url = "http://127.0.0.1:%s/oem/%s.cpio.gz"\noutput = "%s/www/oem/%s.cpio.gz"\nurl = "http://127.0.0.1:%s/ignition?mac=%s"\noutput = "%s/www/ignition/%s.json"\n' \
    "$PORT" "$mac" "$BENCH" "$mac" "$PORT" "$mac" "$BENCH" "$mac"
done > "$BENCH/copy.txt"
curl -sf -K "$BENCH/copy.txt"
t0=$(date +%s%N)
for mac in "${MACS[@]}"; do
  d=$BENCH/pack/$mac; mkdir -p "$d/usr/share/oem"; cp "$BENCH/www/ignition/$mac.json" "$d/usr/share/oem/config.ign"
  (cd "$d" && find usr | "${SPIN[@]}" cpio -o -H newc --quiet | "${SPIN[@]}" gzip -9 > ../$mac.cpio.gz)
done
PACK=$(echo "scale=2; ($(date +%s%N) - $t0) / 1000000000" | bc)
cat > "$BENCH/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $BENCH/nginx/nginx.pid;
error_log $BENCH/log/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $BENCH/nginx/tmp/body;
  proxy_temp_path $BENCH/nginx/tmp/proxy;
  fastcgi_temp_path $BENCH/nginx/tmp/fastcgi;
  uwsgi_temp_path $BENCH/nginx/tmp/uwsgi;
  scgi_temp_path $BENCH/nginx/tmp/scgi;
  server { listen 127.0.0.1:$NGINX_PORT; root $BENCH/www; etag on; }
}
CONF
"${SPIN[@]}" nginx -p "$BENCH/nginx" -c "$BENCH/nginx/nginx.conf" -e "$BENCH/log/nginx-error.log" -g 'daemon off;' &
NGINX=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/ignition/${MACS[0]}.json" && break; sleep 0.05; done

lua() {  # path prefix, suffix
  { printf 'local macs = {'; printf '"%s",' "${MACS[@]}"; printf '}\nlocal i = 0\n'
    printf 'request = function() i = i %% #macs + 1; return wrk.format("GET", "%s" .. macs[i] .. "%s") end\n' "$1" "$2"
    printf 'done = function(s, l, r) io.write(string.format("WRKRESULT %%d %%d %%d %%d\\n", s.requests, s.duration, s.errors.connect + s.errors.read + s.errors.write + s.errors.status + s.errors.timeout, l:percentile(99))) end\n'; } > "$BENCH/$3.lua"
}
lua "/ignition?mac=" "" ignition; lua "/oem/" ".cpio.gz" oem
lua "/ignition/" ".json" nginx-ignition; lua "/oem/" ".cpio.gz" nginx-oem
measure() {  # script [port]: prints "req/s p99_ms errors"
  local line; line=$(timeout $(( ${DURATION%s} + 60 )) "${CPIN[@]}" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$BENCH/$1.lua" "http://127.0.0.1:${2:-$PORT}/" | grep '^WRKRESULT')
  set -- $line; awk -v r="$2" -v d="$3" -v e="$4" -v p="$5" 'BEGIN{printf "%.0f %.2f %d", r/(d/1e6), p/1000, e}'
}
compare() {  # ours-script nginx-script label: interleaved ours, nginx, ours, nginx, ours, nginx; medians
  local o=() n=() i
  for i in 1 2 3; do o+=("$(measure "$1")"); n+=("$(measure "$2" "$NGINX_PORT")"); done
  med() { printf '%s\n' "$@" | sort -n -k1 | sed -n 2p; }
  local om nm; om=$(med "${o[@]}"); nm=$(med "${n[@]}")
  set -- $om $nm "$3"
  awk -v a="$1" -v ap="$2" -v ae="$3" -v b="$4" -v bp="$5" -v be="$6" -v l="$7" \
    'BEGIN{printf "%-26s ours %6.0f req/s (p99 %6.2f ms, %d errors)  nginx %6.0f req/s (p99 %6.2f ms, %d errors)  ratio %.2f\n", l, a, ap, ae, b, bp, be, a/b}'
}
# on one pinned core the JIT needs minutes of load to finish (see bench/ipxe-bench.sh): warm up first
DURATION=${WARMUP:-150s} measure ignition >/dev/null; DURATION=${WARMUP_OEM:-30s} measure oem >/dev/null
DURATION=5s measure nginx-ignition "$NGINX_PORT" >/dev/null
echo "=== per-machine configs, $MACHINES machines, config of $(wc -l < "$BENCH/data/configs/node.yaml") lines + swarm units ($JSIZE B JSON, $SIZE B oem.cpio.gz)"
echo "render + transpile + pack all archives, cold: ${COLD} s; again from the cache: ${WARM} s (sequential curl)"
echo "manual pipeline's packing step alone (find usr | cpio -o -H newc | gzip -9, per machine): ${PACK} s"
echo "resident memory: ${RSS0} MiB after start, ${RSS1} MiB after the cold pass, ${RSS2} MiB after the cached pass"
echo "c=$CONNECTIONS, wrk -d$DURATION, median of 3 interleaved runs; nginx serves the same bytes as static files"
compare ignition nginx-ignition "GET /ignition?mac=..."
compare oem nginx-oem "GET /oem/<mac>.cpio.gz"
