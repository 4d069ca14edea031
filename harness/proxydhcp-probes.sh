#!/usr/bin/env bash
# Packet-level probes of the server's ProxyDHCP with a client not written here (scapy, harness/dhcp-probe.py).
#
#   WORK=DIR SERVER_CMD='...' PROBES=FILE proxydhcp-probes.sh      (root)
#
# Goes on in a network namespace of its own, where the server under test listens on 10.213.0.1 (SERVER_CMD starts
# it, with E2E_SERVER_ADDR set; its output goes to $WORK/server.log); the client is a further namespace with eth0
# (10.213.0.50) at the other end of a veth pair. Each line of PROBES is NAME ARGS...: dhcp-probe.py runs with ARGS
# in the client namespace and its replies go to $WORK/NAME.json; a line NAME !COMMAND runs COMMAND (bash) there
# instead, its output to $WORK/NAME.json (a real client such as dhclient). CLIENT_MAC, when set, is eth0's MAC. At
# the end, the admin port's /metrics goes to $WORK/metrics.json (ADMIN_PORT, default 8081).
set -euo pipefail
umask 022
HARNESS_NAME=proxydhcp-probes
SERVER_ADDR=10.213.0.1
CLIENT_ADDR=10.213.0.50
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

[ -n "${SERVER_CMD:-}" ] && [ -n "${PROBES:-}" ] && [ -n "${WORK:-}" ] || abort "set WORK, SERVER_CMD and PROBES"
[ "$(id -u)" -eq 0 ] || abort "needs root (network namespaces)"
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import scapy' 2>/dev/null || abort "no scapy; apt-get install python3-scapy"
require ip=iproute2 ss=iproute2 unshare=util-linux curl=curl
if [ -z "${HARNESS_IN_NETNS:-}" ]; then
  exec unshare --net env HARNESS_IN_NETNS=1 bash "$(readlink -f "$0")" "$@"
fi
mkdir -p "$WORK"
client_namespace "$SERVER_ADDR" "$CLIENT_ADDR"
[ -z "${CLIENT_MAC:-}" ] || ip -n "$CLIENT_NS" link set eth0 address "$CLIENT_MAC"

E2E_SERVER_ADDR="$SERVER_ADDR" bash -c "$SERVER_CMD" >"$WORK/server.log" 2>&1 &
server_pid=$!
remember_pid "$server_pid"
waited=0
until [ -n "$(ss -Hlun "src $SERVER_ADDR and sport = :67")" ] && [ -n "$(ss -Hltn "src $SERVER_ADDR and sport = :${ADMIN_PORT:-8081}")" ]; do
  kill -0 "$server_pid" 2>/dev/null || abort "the server exited; see $WORK/server.log"
  [ "$waited" -lt 240 ] || abort "the server did not listen on $SERVER_ADDR:67 within 60 s"
  sleep 0.25
  waited=$((waited + 1))
done

while read -r name args; do
  [ -n "$name" ] || continue
  if [ "${args:0:1}" = "!" ]; then
    ip netns exec "$CLIENT_NS" bash -c "${args:1}" >"$WORK/$name.json" 2>"$WORK/$name.err" || true
    note "command $name: $(wc -l <"$WORK/$name.json") lines"
    continue
  fi
  # shellcheck disable=SC2086
  ip netns exec "$CLIENT_NS" /usr/bin/python3 "$(dirname "$(readlink -f "$0")")/dhcp-probe.py" --iface eth0 $args \
    >"$WORK/$name.json" 2>"$WORK/$name.err" || abort "probe $name failed; see $WORK/$name.err"
  note "probe $name: $(wc -l <"$WORK/$name.json") replies"
done <"$PROBES"
curl -sf "http://$SERVER_ADDR:${ADMIN_PORT:-8081}/metrics" >"$WORK/metrics.json" || abort "no /metrics"
echo "E2E-RESULT: PASS"
