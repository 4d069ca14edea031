#!/usr/bin/env bash
# config-bench.sh - per-machine configs for 1,000 registered machines: time and memory to render, transpile
# and pack every machine's oem.cpio.gz cold and then from the content-hash cache, and requests per second
# for GET /ignition?mac=... and GET /oem/<mac>.cpio.gz rotating over all machines (wrk, server on CPU 1,
# wrk on CPU 0). The config is bench/typical-config.yaml with the machine's hostname templated in.
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
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; }
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true' EXIT

rm -rf "$BENCH"; mkdir -p "$BENCH"/{data/profiles,data/machines,data/configs,log}
printf 'boot:\n  kernel: flatcar/vmlinuz\nconfig: node.yaml\n' > "$BENCH/data/profiles/bench.yaml"
sed 's/inline: worker-017/inline: [=machine.hostname]/' "$REPO/bench/typical-config.yaml" > "$BENCH/data/configs/node.yaml"
MACS=()
for i in $(seq 0 $((MACHINES - 1))); do
  mac=$(printf '52-54-00-%02x-%02x-%02x' $((i >> 16)) $(((i >> 8) & 255)) $((i & 255))); MACS+=("$mac")
  printf 'hostname: node-%d\nprofile: bench\n' "$i" > "$BENCH/data/machines/$mac.yaml"
done
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

lua() {  # path prefix, suffix
  { printf 'local macs = {'; printf '"%s",' "${MACS[@]}"; printf '}\nlocal i = 0\n'
    printf 'request = function() i = i %% #macs + 1; return wrk.format("GET", "%s" .. macs[i] .. "%s") end\n' "$1" "$2"
    printf 'done = function(s, l, r) io.write(string.format("WRKRESULT %%d %%d %%d %%d\\n", s.requests, s.duration, s.errors.connect + s.errors.read + s.errors.write + s.errors.status + s.errors.timeout, l:percentile(99))) end\n'; } > "$BENCH/$3.lua"
}
lua "/ignition?mac=" "" ignition; lua "/oem/" ".cpio.gz" oem
measure() {
  local line; line=$(timeout $(( ${DURATION%s} + 60 )) "${CPIN[@]}" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$BENCH/$1.lua" "http://127.0.0.1:$PORT/" | grep '^WRKRESULT')
  set -- $line; awk -v r="$2" -v d="$3" -v e="$4" -v p="$5" 'BEGIN{printf "%.0f req/s, p99 %.2f ms, %d errors", r/(d/1e6), p/1000, e}'
}
# on one pinned core the JIT needs minutes of load to finish (see bench/ipxe-bench.sh): warm up first
DURATION=${WARMUP:-150s} measure ignition >/dev/null; DURATION=${WARMUP_OEM:-30s} measure oem >/dev/null
echo "=== per-machine configs, $MACHINES machines, config of $(wc -l < "$BENCH/data/configs/node.yaml") lines ($JSIZE B JSON, $SIZE B oem.cpio.gz)"
echo "render + transpile + pack all archives, cold: ${COLD} s; again from the cache: ${WARM} s (sequential curl)"
echo "resident memory: ${RSS0} MiB after start, ${RSS1} MiB after the cold pass, ${RSS2} MiB after the cached pass"
echo "GET /ignition?mac=...       c=$CONNECTIONS: $(measure ignition)"
echo "GET /oem/<mac>.cpio.gz      c=$CONNECTIONS: $(measure oem)"
