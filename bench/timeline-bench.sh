#!/usr/bin/env bash
# timeline-bench.sh - what the persistent boot timeline costs at 1,000 boots a minute.
# 1. In process (bench/TimelineCost.java, on the server jar): BOOTS boots of 1,000 machines, 9 events each (what a
#    ProxyDHCP boot of a swarm profile records), into the in-memory timeline and into the files one: CPU an event
#    and bytes written a boot, and what that comes to at 1,000 boots a minute.
# 2. End to end: the server on CPU 1 with 1,000 registered machines, driven by curl on CPU 0 at 1,000 boots a
#    minute for DURATION seconds (each boot: its iPXE script, kernel and initrd, small files), once with the files
#    store (the timeline in .provisioner/timeline/) and once with the memory store (nothing written), same load:
#    the server's CPU seconds (/proc/PID/stat) and bytes handed to write(2) (/proc/PID/io wchar) in each, and the
#    timeline directory's size.
# Env: DURATION=60 BOOTS=100000 PORT=28280 ADMIN_PORT=28281 BENCH_DIR=/tmp/provisioner-timeline-bench
# Loopback only; bounded in time; servers stopped by PID.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/provisioner-server/target/provisioner-server.jar
BENCH=${BENCH_DIR:-${TMPDIR:-/tmp}/provisioner-timeline-bench}
DURATION=${DURATION:-60}; PORT=${PORT:-28280}; ADMIN_PORT=${ADMIN_PORT:-28281}; MACHINES=1000
SPIN=(taskset -c 1); CPIN=(taskset -c 0); [ "$(nproc)" -ge 2 ] || { SPIN=(); CPIN=(); }
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true' EXIT

echo "== in process: the timeline alone"
"${SPIN[@]}" java -Dboots="${BOOTS:-100000}" -cp "$JAR" "$REPO/bench/TimelineCost.java" 2>/dev/null | grep -v '^[0-9:,. ]*|'

rm -rf "$BENCH"; mkdir -p "$BENCH"/{data/profiles,data/machines,data/assets/bench,log}
printf 'boot:\n  kernel: bench/kernel\n  initrds: [bench/initrd]\n' > "$BENCH/data/profiles/bench.yaml"
head -c 65536 /dev/urandom > "$BENCH/data/assets/bench/kernel"; head -c 65536 /dev/urandom > "$BENCH/data/assets/bench/initrd"
MACS=()
for i in $(seq 0 $((MACHINES - 1))); do
  MACS+=("$(printf '52-54-00-%02x-%02x-%02x' $((i >> 16)) $(((i >> 8) & 255)) $((i & 255)))")
done

start() {  # STORE
  PROVISIONER_STORE=$1 PROVISIONER_DATA_DIR=$BENCH/data PROVISIONER_HTTP_PORT=$PORT PROVISIONER_ADMIN_PORT=$ADMIN_PORT \
  PROVISIONER_BIND=127.0.0.1 PROVISIONER_API_TOKEN=bench-token-0123456789 \
    "${SPIN[@]}" java -jar "$JAR" server "$REPO/config.yml" > "$BENCH/log/server-$1.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/boot.ipxe" && return; sleep 0.05; done
  echo "the server did not start; see $BENCH/log/server-$1.log" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
wchar() { awk '/^wchar:/ {print $2}' "/proc/$SERVER/io"; }
load() {  # 1,000 boots a minute for DURATION seconds: every second, the boots of that second, three requests each
  local second boot n=0 t0
  for second in $(seq 0 $((DURATION - 1))); do
    t0=$(date +%s%N)
    for boot in $(seq 1 $(( (second + 1) * 1000 / 60 - second * 1000 / 60 ))); do
      mac=${MACS[$((n % MACHINES))]}; n=$((n + 1))
      printf 'url = "http://127.0.0.1:%s/ipxe?mac=%s"\noutput = /dev/null\nurl = "http://127.0.0.1:%s/assets/bench/kernel?mac=%s"\noutput = /dev/null\nurl = "http://127.0.0.1:%s/assets/bench/initrd?mac=%s"\noutput = /dev/null\n' \
        "$PORT" "$mac" "$PORT" "$mac" "$PORT" "$mac"
    done > "$BENCH/second.txt"
    "${CPIN[@]}" curl -sf -K "$BENCH/second.txt"
    sleep "$(echo "scale=3; x = 1 - ($(date +%s%N) - $t0) / 1000000000; if (x < 0) 0 else x" | bc)"
  done
  echo "$n"
}
HZ=$(getconf CLK_TCK)
measure() {  # STORE: prints "cpu_seconds bytes_written boots"
  local c0 w0 boots
  c0=$(cpu_ticks); w0=$(wchar)
  boots=$(load)
  echo "$(echo "scale=2; ($(cpu_ticks) - $c0) / $HZ" | bc) $(( $(wchar) - w0 )) $boots"
}

echo "== end to end: 1,000 boots a minute for ${DURATION}s, server on CPU 1"
for i in "${!MACS[@]}"; do printf 'hostname: node-%d\nprofile: bench\n' "$i" > "$BENCH/data/machines/${MACS[$i]}.yaml"; done
start files
load > /dev/null & LOADER=$!; sleep 10; kill "$LOADER" 2>/dev/null; wait "$LOADER" 2>/dev/null || true  # warm-up
read -r FCPU FWRITE FBOOTS <<< "$(measure)"
FDISK=$(du -sb "$BENCH/data/.provisioner/timeline" | cut -f1)
stop
rm -rf "$BENCH/data/machines"/* "$BENCH/data/.provisioner"
start memory
for i in "${!MACS[@]}"; do
  printf '{"mac":"%s","hostname":"node-%d","profile":"bench"}' "${MACS[$i]}" "$i" > "$BENCH/m.json"
  curl -sf -o /dev/null -H 'Authorization: Bearer bench-token-0123456789' -H 'Content-Type: application/json' \
    --data-binary @"$BENCH/m.json" "http://127.0.0.1:$PORT/api/v1/machines"
done
load > /dev/null & LOADER=$!; sleep 10; kill "$LOADER" 2>/dev/null; wait "$LOADER" 2>/dev/null || true
read -r MCPU MWRITE MBOOTS <<< "$(measure)"
stop
printf '%-28s %10s %14s %8s\n' store "cpu_s" "bytes_written" boots
printf '%-28s %10s %14s %8s\n' "files (timeline persisted)" "$FCPU" "$FWRITE" "$FBOOTS"
printf '%-28s %10s %14s %8s\n' "memory (nothing written)" "$MCPU" "$MWRITE" "$MBOOTS"
echo "timeline directory after the files run: $FDISK bytes for $MACHINES machines"
echo "timeline cost at 1,000 boots a minute: cpu_s=$(echo "scale=2; $FCPU - $MCPU" | bc) bytes_written=$(( FWRITE - MWRITE )) in ${DURATION}s"
