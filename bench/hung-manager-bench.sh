#!/usr/bin/env bash
# hung-manager-bench.sh - /ipxe latency while the swarm manager's Engine API hangs, beside the same server with no
# swarm configured, in the same run. The hung manager is a Unix socket that accepts connections and never answers
# (a stuck dockerd); the server reads Docker only in the background, so machines should not notice it.
#
#   GET /ipxe for a machine without a swarm role and for one with a role (whose script then says the swarm has not
#   answered), wrk on CPU 0 and the server on CPU 1, after a warm-up; prints wrk's p50/p99 and requests/s.
#
# Usage: bench/hung-manager-bench.sh   (env: DURATION=10s WARMUP=30s CONNECTIONS=20 PORT=28180 BENCH_DIR=/tmp/hung-bench)
# Loopback only; each load is bounded by wrk's duration; servers are stopped by PID.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/provisioner-server/target/provisioner-server.jar
BENCH=${BENCH_DIR:-${TMPDIR:-/tmp}/hung-bench}
DURATION=${DURATION:-10s}; WARMUP=${WARMUP:-30s}; CONNECTIONS=${CONNECTIONS:-20}; PORT=${PORT:-28180}
SPIN=(taskset -c 1); CPIN=(taskset -c 0)
[ "$(nproc)" -ge 2 ] || { SPIN=(); CPIN=(); }

if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)

PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

rm -rf "$BENCH" && mkdir -p "$BENCH/data/profiles" "$BENCH/data/configs" "$BENCH/data/machines"
printf 'passwd: {}\n' > "$BENCH/data/configs/plain.yaml"
printf 'boot:\n  kernel: k/vmlinuz\n  initrds: [k/initrd]\nconfig: plain.yaml\n' > "$BENCH/data/profiles/plain.yaml"
printf 'boot:\n  kernel: k/vmlinuz\n  initrds: [k/initrd]\nconfig: plain.yaml\nswarm:\n  role: worker\n' > "$BENCH/data/profiles/swarmed.yaml"
printf 'hostname: plain-1\nprofile: plain\n' > "$BENCH/data/machines/52-54-00-00-00-01.yaml"
printf 'hostname: swarm-1\nprofile: swarmed\n' > "$BENCH/data/machines/52-54-00-00-00-02.yaml"

# the hung manager: accepts, reads nothing, answers nothing, holds every connection
python3 - "$BENCH/docker.sock" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); s.listen(64)
held = []
while True:
    held.append(s.accept()[0])
PY
PIDS+=($!)

start() {  # name port [docker host]
  local env=(PROVISIONER_DATA_DIR="$BENCH/data" PROVISIONER_HTTP_PORT="$2" PROVISIONER_ADMIN_PORT=$(($2 + 1))
             PROVISIONER_BIND=127.0.0.1 PROVISIONER_TFTP_PORT=0 PROVISIONER_LOG_LEVEL=WARN)
  [ -n "${3:-}" ] && env+=(PROVISIONER_SWARM_DOCKER_HOST="$3" PROVISIONER_SWARM_REFRESH=1s)
  (cd "$REPO" && env "${env[@]}" "${SPIN[@]}" java -jar "$JAR" server config.yml > "$BENCH/$1.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$2/boot.ipxe" >/dev/null && return; sleep 0.5; done
  echo "$1 did not start; see $BENCH/$1.log" >&2; exit 1
}
start baseline "$PORT"
start hung $((PORT + 10)) "unix://$BENCH/docker.sock"

measure() {  # label port mac duration
  "${CPIN[@]}" wrk -t1 -c"$CONNECTIONS" -d"$4" --latency "http://127.0.0.1:$2/ipxe?mac=$3" > "$BENCH/wrk.txt"
  printf '%-44s %10s req/s  p50 %8s  p99 %8s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' "$BENCH/wrk.txt")" \
    "$(awk '$1=="50%" {print $2}' "$BENCH/wrk.txt")" "$(awk '$1=="99%" {print $2}' "$BENCH/wrk.txt")"
}
for p in "$PORT" $((PORT + 10)); do
  for mac in 52-54-00-00-00-01 52-54-00-00-00-02; do measure warm-up "$p" "$mac" "$WARMUP" >/dev/null; done
done
curl -s "http://127.0.0.1:$((PORT + 10))/ipxe?mac=52-54-00-00-00-02" | grep -q "has not answered" \
  || { echo "the hung server's swarm machine did not report the hung manager" >&2; exit 1; }
for round in 1 2 3; do
  measure "round $round: no swarm, plain machine" "$PORT" 52-54-00-00-00-01 "$DURATION"
  measure "round $round: hung manager, plain machine" $((PORT + 10)) 52-54-00-00-00-01 "$DURATION"
  measure "round $round: hung manager, swarm machine" $((PORT + 10)) 52-54-00-00-00-02 "$DURATION"
done
