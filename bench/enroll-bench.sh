#!/usr/bin/env bash
# enroll-bench.sh - what one boot's trust steps cost the server: enrollments per second (POST /enroll, over HTTP and
# over the TLS listener with a pinned key) beside the boot script (GET /ipxe, which opens the boot attempt) and the
# signed config (GET /ignition), measured by the same client in the same run, and the server's CPU time per request
# (from /proc, so the client's own speed does not enter it).
#
# N machines are registered (files), each boots once (script, then config, which carries its one-time credential),
# then every credential is spent once. The swarm is fixed tokens (PROVISIONER_SWARM_*): no Engine API is read on
# this path anyway. Server on CPU 1, client on CPU 0.
#
# Usage: bench/enroll-bench.sh   (env: MACHINES=4000 THREADS=8 PORT=28280 BENCH_DIR=/tmp/enroll-bench)
# Loopback only; bounded by MACHINES; the server is stopped by PID.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/provisioner-server/target/provisioner-server.jar
BENCH=${BENCH_DIR:-${TMPDIR:-/tmp}/enroll-bench}
MACHINES=${MACHINES:-4000}; THREADS=${THREADS:-8}; PORT=${PORT:-28280}
SPIN=(taskset -c 1); CPIN=(taskset -c 0)
[ "$(nproc)" -ge 2 ] || { SPIN=(); CPIN=(); }
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)

SERVER=
cleanup() { [ -z "$SERVER" ] || { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }; }
trap cleanup EXIT

rm -rf "$BENCH" && mkdir -p "$BENCH/data/profiles" "$BENCH/data/configs" "$BENCH/data/machines"
printf 'passwd: {}\n' > "$BENCH/data/configs/plain.yaml"
printf 'boot:\n  kernel: k/vmlinuz\n  initrds: [k/initrd]\nconfig: plain.yaml\nswarm:\n  role: worker\n' \
  > "$BENCH/data/profiles/swarmed.yaml"
for i in $(seq 1 "$MACHINES"); do
  printf 'hostname: node-%d\nprofile: swarmed\n' "$i" > "$BENCH/data/machines/$(printf '52-54-00-%02x-%02x-%02x' \
    $((i >> 16 & 255)) $((i >> 8 & 255)) $((i & 255))).yaml"
done

TOKEN="SWMTKN-1-$(printf 'a%.0s' $(seq 50))-$(printf 'b%.0s' $(seq 25))"
start() {  # MODE (http or tls): with tls, the TLS listener is on and plain-HTTP enrollment is refused
  local tls=()
  [ "$1" = tls ] && tls=(PROVISIONER_TLS_PORT=$((PORT + 2)))
  (cd "$REPO" && exec env PROVISIONER_DATA_DIR="$BENCH/data" PROVISIONER_HTTP_PORT="$PORT" \
    PROVISIONER_ADMIN_PORT=$((PORT + 1)) "${tls[@]}" PROVISIONER_BIND=127.0.0.1 PROVISIONER_TFTP_PORT=0 \
    PROVISIONER_LOG_LEVEL=WARN PROVISIONER_SWARM_WORKER_TOKEN="$TOKEN" PROVISIONER_SWARM_MANAGERS=10.0.0.1:2377 \
    "${SPIN[@]}" java -jar "$JAR" server config.yml > "$BENCH/server-$1.log" 2>&1) &
  SERVER=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$PORT/boot.ipxe" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see $BENCH/server-$1.log" >&2; exit 1; }
    sleep 0.5
  done
  # the JVM under the subshell's exec chain: the process whose CPU time counts
  JVM=$(pgrep -P "$SERVER" java || echo "$SERVER")
}

for mode in http tls; do
  start "$mode"
  echo "== enrollment over $mode"
"${CPIN[@]}" python3 - "$PORT" "$MACHINES" "$THREADS" "$JVM" "$mode" <<'PY'
import http.client, re, ssl, sys, threading, time, os

port, machines, threads, jvm, mode = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
macs = ['52-54-00-%02x-%02x-%02x' % (i >> 16 & 255, i >> 8 & 255, i & 255) for i in range(1, machines + 1)]
signed = {}
credentials = {}

def cpu():
    fields = open('/proc/%s/stat' % jvm).read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

def run(label, work, items, secure=False):
    """Runs work(connection, item) over items with `threads` keep-alive connections; prints the figures."""
    chunks = [items[i::threads] for i in range(threads)]
    errors = []
    def worker(chunk):
        if secure:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection('127.0.0.1', port + 2, context=context, timeout=30)
        else:
            connection = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
        for item in chunk:
            try:
                work(connection, item)
            except Exception as e:
                errors.append(repr(e))
                return
    before, start = cpu(), time.perf_counter()
    pool = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in pool: t.start()
    for t in pool: t.join()
    seconds, used = time.perf_counter() - start, cpu() - before
    if errors:
        sys.exit('%s failed: %s' % (label, errors[0]))
    print('%-40s %6d requests %8.0f req/s   server CPU %6.1f us/request' % (label, len(items), len(items) / seconds,
          used * 1e6 / len(items)))
    return len(items) / seconds

def get(connection, path):
    connection.request('GET', path)
    response = connection.getresponse()
    return response.status, response.read().decode()

def script(connection, mac):
    status, body = get(connection, '/ipxe?mac=' + mac)
    query = re.search(r'\?(attempt=\S+) \|\| goto failed', body)
    assert status == 200 and query, body
    signed[mac] = query.group(1)

def config(connection, mac):
    status, body = get(connection, '/ignition?mac=%s&%s' % (mac, signed[mac]))
    credential = re.search(r'credential=([A-Za-z0-9._-]+)', body)
    assert status == 200 and credential, body
    credentials[mac] = credential.group(1)

def enroll(connection, mac):
    connection.request('POST', '/enroll', 'credential=' + credentials[mac],
                       {'Content-Type': 'application/x-www-form-urlencoded'})
    response = connection.getresponse()
    body = response.read().decode()
    assert response.status == 200 and body.startswith('SWMTKN-1-'), body

half = machines // 2
# a warm-up round on the first half, then the measured one on the second: every step is fresh for each machine
for label, part in (('warm-up', macs[:half]), ('measured', macs[half:])):
    print('--', label)
    rates = {}
    rates['script'] = run('GET /ipxe (opens the boot attempt)', script, part)
    rates['config'] = run('GET /ignition (signed, with the credential)', config, part)
    rates['enroll'] = run('POST /enroll over ' + mode.upper() + (' (keep-alive)' if mode == 'tls' else ''), enroll,
                          part, secure=mode == 'tls')
print('enrollments per second over %s: %.0f, %.2f times the boot script\'s rate in the same run'
      % (mode.upper(), rates['enroll'], rates['enroll'] / rates['script']))
PY
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
  rm -rf "$BENCH/data/.provisioner"
done
