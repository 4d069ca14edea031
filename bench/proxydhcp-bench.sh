#!/usr/bin/env bash
# proxydhcp-bench.sh - ProxyDHCP answers per second and DISCOVER-to-OFFER delay, ours beside dnsmasq in proxy mode
# (dhcp-range=...,proxy), in the same run, with ISC's perfdhcp (Debian kea-admin) sending DISCOVERs with PXE
# options 60/93/94 (-i: DISCOVER-OFFER only) from a client network namespace to the server's address, as a relay
# would (perfdhcp sets giaddr to its own address and takes the answers on port 67). Server on CPU 1,
# perfdhcp on CPU 0. Ours answers every client (PROVISIONER_DHCP_ANSWER=any: perfdhcp's MACs are not registered),
# each answer going through the core and the timeline, and without its per-MAC limit: perfdhcp's clients ask many
# times a second each, where a real machine asks 2 to 4 times per boot. "ours" runs with the JVM flags the README
# gives for DHCP (short collection pauses); "ours-plain" with the JVM's defaults, to show what they change. After
# each run, the datagrams the kernel dropped for want of socket buffer: at the server (requests it could not take
# in) and at perfdhcp (answers that came in a burst faster than it read them).
#
# Usage (root): bench/proxydhcp-bench.sh   (env: SECONDS_PER_RUN=10 WARMUP=3 RATES="5000 20000" CLIENTS="1000 10000")
# Inside network namespaces this script creates; every run is bounded by its period; servers stopped by PID.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/provisioner-server/target/provisioner-server.jar
HARNESS_NAME=proxydhcp-bench
SERVER_ADDR=10.213.0.1
PERIOD=${SECONDS_PER_RUN:-10}; RATES=${RATES:-"5000 20000"}; CLIENTS=${CLIENTS:-"1000 10000"}
SERVERS=${SERVERS:-"ours ours-plain dnsmasq"}
# as the README's DHCP section runs the server (JVM_FLAGS='...' to try others)
read -r -a JVM_FLAGS <<<"${JVM_FLAGS:--XX:+UseSerialGC -Xmn8m}"
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/proxydhcp-bench}
# shellcheck source=../harness/lib.sh
. "$REPO/harness/lib.sh"
[ "$(id -u)" = 0 ] || abort "needs root (network namespaces)"
require perfdhcp=kea-admin dnsmasq=dnsmasq-base unshare=util-linux ip=iproute2 ss=iproute2 taskset=util-linux
[ -f "$JAR" ] || (cd "$REPO" && mvn -B -q package -DskipTests)
if [ -z "${HARNESS_IN_NETNS:-}" ]; then
  exec unshare --net env HARNESS_IN_NETNS=1 bash "$(readlink -f "$0")" "$@"
fi
SPIN=(taskset -c 1); CPIN=(taskset -c 0)
[ "$(nproc)" -ge 2 ] || { SPIN=(); CPIN=(); }
rm -rf "$WORK" && mkdir -p "$WORK/data/profiles" "$WORK/data/machines"
printf 'boot:\n  kernel: k/vmlinuz\n' > "$WORK/data/profiles/blade.yaml"
client_namespace "$SERVER_ADDR" 10.213.0.50

SERVER=
start() {  # ours|ours-plain|dnsmasq
  if [ "$1" != dnsmasq ]; then
    local flags=()
    [ "$1" = ours-plain ] || flags=("${JVM_FLAGS[@]}")
    (cd "$REPO" && exec env PROVISIONER_DATA_DIR="$WORK/data" PROVISIONER_BIND=$SERVER_ADDR PROVISIONER_ADMIN_BIND=$SERVER_ADDR \
      PROVISIONER_TFTP_PORT=0 PROVISIONER_DHCP_MODE=proxy PROVISIONER_DHCP_ANSWER=any PROVISIONER_DEFAULT_PROFILE=blade \
      PROVISIONER_DHCP_PER_MAC_LIMIT=0 \
      PROVISIONER_LOG_LEVEL=WARN "${SPIN[@]}" java "${flags[@]}" -jar "$JAR" server config.yml >"$WORK/ours.log" 2>&1) &
  else
    "${SPIN[@]}" dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file= --port=0 --user=root \
      --interface=srv0 --bind-interfaces --dhcp-range=10.213.0.0,proxy,255.255.255.0 \
      --pxe-service=x86PC,"boot",undionly --log-facility="$WORK/dnsmasq.log" &
  fi
  SERVER=$!
  remember_pid "$SERVER"
  for _ in $(seq 240); do
    [ -n "$(ss -Hlun "sport = :67")" ] && return
    sleep 0.25
  done
  abort "$1 did not listen on port 67"
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

# vendor class PXEClient:Arch:00000:UNDI:002001, architecture 0 (BIOS), NDI UNDI 2.1
PXE=(-o 60,505845436c69656e743a417263683a30303030303a554e44493a303032303031 -o 93,0000 -o 94,010201)
# UDP datagrams dropped for a full receive buffer, in this namespace (the server's) or the client's
rcvbuf_errors() {  # [namespace]
  ${1:+ip netns exec "$1"} awk '/^Udp:/ { if (seen) print $6; seen = 1 }' /proc/net/snmp
}
measure() {  # server clients rate
  local server_drops client_drops
  server_drops=$(rcvbuf_errors); client_drops=$(rcvbuf_errors "$CLIENT_NS")
  ip netns exec "$CLIENT_NS" "${CPIN[@]}" perfdhcp -4 -l eth0 -i -R "$2" -r "$3" -p "$PERIOD" -W 2000000 "${PXE[@]}" \
    "$SERVER_ADDR" >"$WORK/perfdhcp.txt" 2>&1 || true
  server_drops=$(( $(rcvbuf_errors) - server_drops )); client_drops=$(( $(rcvbuf_errors "$CLIENT_NS") - client_drops ))
  awk -v who="$1" -v clients="$2" -v rate="$3" -v period="$PERIOD" -v sd="$server_drops" -v cd="$client_drops" '
    /sent packets:/ && !s { s = $3 } /received packets:/ && !r { r = $3 } /drops ratio:/ && !d { d = $3 " " $4 }
    /avg delay:/ && !a { a = $3 " " $4 } /max delay:/ && !m { m = $3 " " $4 }
    END { printf "%-10s %7s %7s %8s %9s %10s/s %-12s %-12s %-12s %8s %8s\n", who, clients, rate, s, r, int(r / period), d, a, m, sd, cd }' \
    "$WORK/perfdhcp.txt"
}

printf '%-10s %7s %7s %8s %9s %12s %-12s %-12s %-12s %8s %8s\n' server clients rate sent received answers drops \
  "avg delay" "max delay" srv-drop cli-drop
for who in $SERVERS; do
  start "$who"
  # a warm-up: the JIT compiles the answer's path (WARMUP periods of 5,000/s)
  for _ in $(seq "${WARMUP:-3}"); do measure warm-up 1000 5000 >/dev/null; done
  for clients in $CLIENTS; do
    for rate in $RATES; do measure "$who" "$clients" "$rate"; done
  done
  stop
done
