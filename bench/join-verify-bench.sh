#!/usr/bin/env bash
# join-verify-bench.sh - how long a machine's new swarm node waits to be verified (and, for a manager-role machine,
# promoted), measured from the moment `docker swarm join` returns, on a real swarm (harness/swarm-lab.sh) with the
# server in the lab's server namespace. Each round is one boot: boot script and signed config fetched from the
# machine's own address, the credential spent at POST /enroll, `docker swarm join` with the token it gave, then the
# API polled every 50 ms; the node then leaves (a manager demotes itself first) for the next round.
#
# The verifier runs after each read of the Engine API, so the figures follow PROVISIONER_SWARM_REFRESH (5 s by
# default; REFRESH below). No peer verifies nodes: the figures stand alone.
#
# Usage (root): bench/join-verify-bench.sh   (env: ROUNDS=5 REFRESH=1s BENCH_DIR=/tmp/jv-bench)
# Inside network namespaces the lab creates; the server and the daemons are stopped by PID.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/provisioner-server/target/provisioner-server.jar
BENCH=${BENCH_DIR:-${TMPDIR:-/tmp}/jv-bench}
ROUNDS=${ROUNDS:-5}; REFRESH=${REFRESH:-1s}
export SWARM_LAB_DIR=$BENCH/lab SWARM_LAB_NET=10.213.30
LAB=(bash "$REPO/harness/swarm-lab.sh")
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 1; }
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)

SERVER=
cleanup() {
  [ -z "$SERVER" ] || { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
  "${LAB[@]}" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$BENCH" && mkdir -p "$BENCH/data/profiles" "$BENCH/data/configs" "$BENCH/data/machines"
"${LAB[@]}" up 2 > "$BENCH/lab.env"
MANAGER_SOCK=$(sed -n 's/^MANAGER_SOCK=//p' "$BENCH/lab.env"); MANAGER=$(sed -n 's/^MANAGER_ADDR=//p' "$BENCH/lab.env")
ADDR=$(sed -n 's/^SERVER_ADDR=//p' "$BENCH/lab.env")
printf 'passwd: {}\n' > "$BENCH/data/configs/plain.yaml"
for role in worker manager; do
  printf 'boot:\n  kernel: k/vmlinuz\nconfig: plain.yaml\nswarm:\n  role: %s\n' "$role" > "$BENCH/data/profiles/$role.yaml"
done
printf 'hostname: swarm-worker-1\nprofile: worker\n' > "$BENCH/data/machines/52-54-00-5b-00-01.yaml"
printf 'hostname: swarm-worker-2\nprofile: manager\n' > "$BENCH/data/machines/52-54-00-5b-00-02.yaml"

PORT=28380; TOKEN=bench-api-token
(cd "$REPO" && exec env PROVISIONER_DATA_DIR="$BENCH/data" PROVISIONER_HTTP_PORT=$PORT PROVISIONER_ADMIN_PORT=$((PORT + 1)) \
  PROVISIONER_BIND="$ADDR" PROVISIONER_ADMIN_BIND="$ADDR" PROVISIONER_TFTP_PORT=0 PROVISIONER_LOG_LEVEL=WARN \
  PROVISIONER_API_TOKEN=$TOKEN PROVISIONER_SWARM_DOCKER_HOST="unix://$MANAGER_SOCK" PROVISIONER_SWARM_REFRESH="$REFRESH" \
  "${LAB[@]}" serve java -jar "$JAR" server config.yml > "$BENCH/server.log" 2>&1) &
SERVER=$!
BASE=http://$ADDR:$PORT
for _ in $(seq 1 240); do curl -sf "$BASE/boot.ipxe" >/dev/null && break; sleep 0.5; done

standing() {  # HOSTNAME: "<standing> <role> <state>" of its newest node as the API shows it
  curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/swarm" | python3 -c '
import json, sys
nodes = [n for n in json.load(sys.stdin)["nodes"] if n["hostname"] == sys.argv[1] and n["state"] == "ready"]
print(" ".join((nodes[-1]["standing"], nodes[-1]["role"], nodes[-1]["state"])) if nodes else "none")' "$1"
}

boot_and_join() {  # WORKER MAC: one boot from the machine's address, up to the end of `docker swarm join`
  local script query config credential answer
  script=$("${LAB[@]}" on "$1" curl -sf "$BASE/ipxe?mac=$2")
  query=$(grep -o 'attempt=[^ ]*' <<<"$script" | head -1)
  config=$("${LAB[@]}" on "$1" curl -sf "$BASE/ignition?mac=$2&$query")
  credential=$(grep -o 'credential=[A-Za-z0-9._-]*' <<<"$config" | head -1)
  answer=$("${LAB[@]}" on "$1" curl -sf --data "$credential" "$BASE/enroll")
  set -- "$1" $answer
  "${LAB[@]}" on "$1" docker swarm join --token "$2" "$3" >/dev/null
}

wait_for() {  # HOSTNAME EXPECTED: milliseconds until `standing` prints EXPECTED (30 s at most)
  local start now
  start=$(date +%s%N)
  while [ "$(standing "$1")" != "$2" ]; do
    now=$(date +%s%N)
    [ $(((now - start) / 1000000)) -lt 30000 ] || { echo "timeout"; return; }
    sleep 0.05
  done
  now=$(date +%s%N); echo $(((now - start) / 1000000))
}

wait_down() {  # HOSTNAME: until no node of it is ready, so the next boot is not a running machine's
  while [ "$(standing "$1")" != none ]; do sleep 0.2; done
}

printf '%-8s %-34s %s\n' round measure ms
for round in $(seq 1 "$ROUNDS"); do
  boot_and_join 1 52-54-00-5b-00-01
  printf '%-8s %-34s %s\n' "$round" "worker: join -> verified" "$(wait_for swarm-worker-1 'verified worker ready')"
  boot_and_join 2 52-54-00-5b-00-02
  printf '%-8s %-34s %s\n' "$round" "manager: join -> verified+promoted" "$(wait_for swarm-worker-2 'verified manager ready')"
  "${LAB[@]}" on 1 docker swarm leave >/dev/null
  "${LAB[@]}" on 2 sh -c 'docker node demote "$(docker info --format "{{.Swarm.NodeID}}")" >/dev/null; docker swarm leave >/dev/null'
  wait_down swarm-worker-1; wait_down swarm-worker-2
done
echo "(refresh $REFRESH; the verifier judges after each read of the Engine API)"
