#!/usr/bin/env bash
# tftp-bench.sh - the server's TFTP beside tftpd-hpa, atftpd and dnsmasq, same machine, same run, interleaved.
# atftpd (Debian's, with the RFC 7440 windowsize patch) is the established server that offers windows, so the
# windowsize rows have a reference too.
# Starts the server (pinned to CPU 1) with a data directory whose tftpboot/ is the shared harness's reference
# files, warms its JIT up, then runs ../shared/harness/bench-baselines.sh in target mode with --also-baselines:
# atftp (CPU 0) fetching 32 MiB and 256 MiB at blksize 512, 1428, 8192 and windowsize 1, 8, 16, and 50 and 200
# concurrent clients fetching 1 MiB each; every download is checked by sha256. Prints the harness's tables.
# Env: QUICK=1 (32 MiB only, fewer runs), BENCH_DIR=/tmp/bench, TFTP_PORT=27169, WARMUP=150 (seconds).
# Arguments are passed on to the harness (e.g. --blksizes 8192 --windowsizes "1 8"). Needs root for dnsmasq (it can only listen on port 69) and to install the reference servers.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=$REPO/../shared/harness/bench-baselines.sh
JAR=$REPO/provisioner-server/target/provisioner-server.jar
BENCH=${BENCH_DIR:-${TMPDIR:-/tmp}/bench}
PORT=${TFTP_PORT:-27169}
[ -f "$HARNESS" ] || { echo "needs $HARNESS" >&2; exit 1; }
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)
command -v atftp >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq atftp >/dev/null; }

# the harness's reference files, made the way it makes them (it reuses what exists)
mkdir -p "$BENCH/root" "$BENCH/provisioner/profiles"
ROOT=$BENCH/root
[ -s "$ROOT/f1m.bin" ]   || head -c $((1<<20))   /dev/urandom > "$ROOT/f1m.bin"
[ -s "$ROOT/f32m.bin" ]  || head -c $((32<<20))  /dev/urandom > "$ROOT/f32m.bin"
[ -s "$ROOT/f256m.bin" ] || head -c $((256<<20)) /dev/urandom > "$ROOT/f256m.bin"
ln -sfn "$ROOT" "$BENCH/provisioner/tftpboot"

SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true' EXIT
PROVISIONER_DATA_DIR=$BENCH/provisioner PROVISIONER_TFTP_PORT=$PORT PROVISIONER_BIND=127.0.0.1 \
  PROVISIONER_HTTP_PORT=27180 PROVISIONER_ADMIN_PORT=27181 PROVISIONER_TFTP_MAX_TRANSFERS_PER_CLIENT=1000 \
  taskset -c 1 java -jar "$JAR" server "$REPO/config.yml" > "$BENCH/provisioner.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 200); do ss -Hlnu "sport = :$PORT" | grep -q . && break; sleep 0.1; done
# one pinned core needs a while of load before the JIT has compiled the transfer path
end=$(( $(date +%s) + ${WARMUP:-150} ))
while [ "$(date +%s)" -lt "$end" ]; do
  for bs in 512 1428 8192; do
    timeout 60 taskset -c 0 atftp --option "blksize $bs" --option "windowsize 8" -g -r f32m.bin -l /dev/null 127.0.0.1 "$PORT" >/dev/null 2>&1 || true
    timeout 60 taskset -c 0 atftp --option "blksize $bs" -g -r f1m.bin -l /dev/null 127.0.0.1 "$PORT" >/dev/null 2>&1 || true
  done
done
ARGS=(--name ours --tftp "127.0.0.1:$PORT" --also-baselines --servers "tftpd-hpa atftpd dnsmasq" --sections tput,conc
      --windowsizes "1 8 16")
[ "${QUICK:-0}" = 1 ] && ARGS+=(--quick)
BENCH_DIR=$BENCH bash "$HARNESS" "${ARGS[@]}" "$@"
