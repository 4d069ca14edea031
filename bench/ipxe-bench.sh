#!/usr/bin/env bash
# ipxe-bench.sh - how fast the server answers machines, beside nginx on the same machine in the same run.
#
#   GET /ipxe?mac=... rotating over 1,000 registered machines (wrk, 50 and 500 connections), against nginx
#   serving a static file of exactly the same size (a copy of one rendered script). Runs are interleaved
#   (ours, nginx, ours, nginx, ...) so that background load hits both; the server is pinned to CPU 1 and
#   wrk to CPU 0 (see ../shared/harness/bench-baselines.sh). Also: time from launch to the first served
#   script, and the server's resident memory after start and after load. The JVM is warmed up first
#   (not counted): the first minute of a fresh JVM on one core is several times slower than what follows;
#   the warm-up figures are printed too, since they are what the first rack after a restart sees.
#
# Usage: bench/ipxe-bench.sh    (durations in seconds with an s suffix; env: MACHINES=1000 DURATION=10s ROUNDS=3 CONNECTIONS="50 500" WARMUP=150s WARMUP_500=20s
#                                     PORT=28080 ADMIN_PORT=28081 NGINX_PORT=28090 BENCH_DIR=/tmp/provisioner-bench)
# Loopback only; every load is bounded by wrk's duration and timeout(1); servers are stopped by PID.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/provisioner-server/target/provisioner-server.jar
BENCH=${BENCH_DIR:-${TMPDIR:-/tmp}/provisioner-bench}
MACHINES=${MACHINES:-1000}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-50 500}
PORT=${PORT:-28080}; ADMIN_PORT=${ADMIN_PORT:-28081}; NGINX_PORT=${NGINX_PORT:-28090}
SPIN=(taskset -c 1); CPIN=(taskset -c 0)
[ "$(nproc)" -ge 2 ] || { SPIN=(); CPIN=(); }
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; CREATED_POLICY=1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
  [ -n "${CREATED_POLICY:-}" ] && rm -f /usr/sbin/policy-rc.d
fi
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)

PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

rm -rf "$BENCH"; mkdir -p "$BENCH"/{data/profiles,data/machines,data/assets,www,nginx/tmp,log}
cat > "$BENCH/data/profiles/bench.yaml" <<'YAML'
boot:
  kernel: flatcar/flatcar_production_pxe.vmlinuz
  initrds: [flatcar/flatcar_production_pxe_image.cpio.gz]
  args: [flatcar.first_boot=1, flatcar.autologin, console=tty0, "console=ttyS0,115200n8"]
YAML
MACS=()
for i in $(seq 0 $((MACHINES - 1))); do
  mac=$(printf '52-54-00-%02x-%02x-%02x' $((i >> 16)) $(((i >> 8) & 255)) $((i & 255)))
  MACS+=("$mac")
  printf 'hostname: node-%d\nprofile: bench\nlabels:\n  rack: r%d\n' "$i" $((i % 40)) > "$BENCH/data/machines/$mac.yaml"
done

log "starting the server (pinned: ${SPIN[*]:-none})"
t0=$(date +%s%N)
PROVISIONER_DATA_DIR=$BENCH/data PROVISIONER_HTTP_PORT=$PORT PROVISIONER_ADMIN_PORT=$ADMIN_PORT PROVISIONER_BIND=127.0.0.1 \
  "${SPIN[@]}" java -jar "$JAR" server "$REPO/config.yml" > "$BENCH/log/server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/ipxe?mac=${MACS[0]}" && break
  kill -0 "$SERVER" 2>/dev/null || { echo "server exited; see $BENCH/log/server.log" >&2; exit 1; }
  sleep 0.01
done
START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
RSS_START=$(ps -o rss= -p "$SERVER" | tr -d ' ')

curl -sf -o "$BENCH/www/script.ipxe" "http://127.0.0.1:$PORT/ipxe?mac=${MACS[1]}"
SIZE=$(stat -c %s "$BENCH/www/script.ipxe")
cat > "$BENCH/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $BENCH/nginx/nginx.pid;
error_log $BENCH/log/nginx-error.log warn;
events { worker_connections 4096; }
http {
  default_type text/plain;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=100;
  client_body_temp_path $BENCH/nginx/tmp/body;
  proxy_temp_path $BENCH/nginx/tmp/proxy;
  fastcgi_temp_path $BENCH/nginx/tmp/fastcgi;
  uwsgi_temp_path $BENCH/nginx/tmp/uwsgi;
  scgi_temp_path $BENCH/nginx/tmp/scgi;
  server { listen 127.0.0.1:$NGINX_PORT; root $BENCH/www; }
}
CONF
"${SPIN[@]}" nginx -p "$BENCH/nginx" -c "$BENCH/nginx/nginx.conf" -e "$BENCH/log/nginx-error.log" -g 'daemon off;' &
PIDS+=("$!")
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/script.ipxe" && break; sleep 0.1; done

REPORT='done = function(s, latency, r)
  local e = s.errors
  io.write(string.format("WRKRESULT %d %d %d %d\n", s.requests, s.duration,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(99)))
end'
{ printf 'local macs = {'; printf '"%s",' "${MACS[@]}"; printf '}\nlocal i = 0\n'
  printf 'request = function() i = i %% #macs + 1; return wrk.format("GET", "/ipxe?mac=" .. macs[i] .. "&uuid=bench") end\n'
  printf '%s\n' "$REPORT"; } > "$BENCH/ours.lua"
printf '%s\n' "$REPORT" > "$BENCH/nginx.lua"

run_wrk() {  # name connections -> "req/s p99_ms errors"
  local url script line
  if [ "$1" = ours ]; then url="http://127.0.0.1:$PORT/"; script=$BENCH/ours.lua
  else url="http://127.0.0.1:$NGINX_PORT/script.ipxe"; script=$BENCH/nginx.lua; fi
  line=$(timeout $(( ${DURATION%s} + 60 )) "${CPIN[@]}" wrk -t2 -c"$2" -d"$DURATION" --timeout 5s -s "$script" "$url" 2>&1 | grep '^WRKRESULT') \
    || { echo "NA NA NA"; return; }
  set -- $line
  awk -v r="$2" -v d="$3" -v e="$4" -v p="$5" 'BEGIN{printf "%.0f %.2f %d\n", r/(d/1e6), p/1000, e}'
}

# On one pinned CPU the JIT compilers share the core with the requests: throughput keeps climbing for
# well over a minute (seen here: 0.5k, 2k, 5k, then 10k req/s), so warm up at both concurrencies first.
log "warming up the JVM for ${WARMUP:-150s} at 50 and ${WARMUP_500:-20s} at 500 connections (not counted)"
read -r COLD_RPS COLD_P99 _ < <(DURATION=${WARMUP:-150s} run_wrk ours 50)
DURATION=${WARMUP_500:-20s} run_wrk ours 500 >/dev/null
declare -A RPS P99 ERR
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONNECTIONS; do
    for name in ours nginx; do
      read -r rps p99 err < <(run_wrk "$name" "$c")
      log "round $round: $name c=$c: $rps req/s, p99 $p99 ms, $err errors"
      RPS[$name,$c]="${RPS[$name,$c]:-} $rps"; P99[$name,$c]="${P99[$name,$c]:-} $p99"
      ERR[$name,$c]=$(( ${ERR[$name,$c]:-0} + ${err/NA/0} ))
    done
  done
done
RSS_LOAD=$(ps -o rss= -p "$SERVER" | tr -d ' ')
median() { printf '%s\n' $@ | grep -v NA | sort -g | awk '{a[NR]=$1} END{if(NR==0){print "NA";exit} print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }

echo
echo "=== GET /ipxe?mac=... over $MACHINES machines vs nginx static file ($SIZE bytes), wrk -t2 -d$DURATION, median of $ROUNDS interleaved runs"
printf '%-12s %12s %12s %12s %12s %10s %10s\n' connections "ours req/s" "nginx req/s" "ratio" "ours p99 ms" "nginx p99" "errors"
for c in $CONNECTIONS; do
  o=$(median ${RPS[ours,$c]}); n=$(median ${RPS[nginx,$c]})
  printf '%-12s %12s %12s %12s %12s %10s %10s\n' "$c" "$o" "$n" "$(awk -v o="$o" -v n="$n" 'BEGIN{if(n>0)printf "%.2f", o/n; else print "NA"}')" \
    "$(median ${P99[ours,$c]})" "$(median ${P99[nginx,$c]})" "${ERR[ours,$c]}/${ERR[nginx,$c]}"
done
echo
echo "cold JVM, first ${WARMUP:-150s} after start at 50 connections: $COLD_RPS req/s, p99 $COLD_P99 ms"
echo "start to first served script: ${START_MS} ms (launch of java -jar to the first 200 from /ipxe)"
echo "resident memory: $((RSS_START / 1024)) MiB after start, $((RSS_LOAD / 1024)) MiB after the load"
echo "JVM: $(java -version 2>&1 | head -1); pinned server: ${SPIN[*]:-no}; data: $BENCH/data"
