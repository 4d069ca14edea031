#!/usr/bin/env bash
# A real Docker Swarm on this one machine for the tests (root): a manager and N workers, each Debian's dockerd
# (docker.io) in a network namespace and a UTS namespace (its own hostname) of its own. Each node has one veth
# into a bridge that sits in a further "hub" namespace; the manager is $SWARM_LAB_NET.1, worker i is
# $SWARM_LAB_NET.(10+i). A "server" namespace at $SWARM_LAB_NET.2 is for the provisioning server under test, so
# that machines reach it from their own addresses; the host reaches the lab from $SWARM_LAB_NET.254 (a veth into
# the hub) as a client only. Nothing listens in the host's network namespace: each dockerd's Engine API is a unix
# socket under the lab's directory.
#
#   swarm-lab.sh up [N]           start the manager and N workers (default 1), `docker swarm init` on the manager,
#                                 then print what `env` prints
#   swarm-lab.sh env              MANAGER_SOCK, MANAGER_ADDR, WORKER_TOKEN, MANAGER_TOKEN, WORKER<i>_SOCK lines
#   swarm-lab.sh on I CMD [ARG..] run CMD in worker I's network namespace, DOCKER_HOST set to its dockerd: what
#                                 the machine itself would run (its curl comes from its address)
#   swarm-lab.sh serve CMD [ARG..] exec CMD in the server namespace (its PID is CMD's: no fork on the way)
#   swarm-lab.sh nodes            `docker node ls` on the manager
#   swarm-lab.sh down             stop this lab's daemons (by their PIDs), delete its namespaces and directory
#
# SWARM_LAB_DIR: the lab's directory (default ${TMPDIR:-/tmp}/swarm-lab; keep it short, socket paths are
# limited to 108 bytes). SWARM_LAB_NET: the first three octets of the lab's /24 (default 10.213.1).
set -euo pipefail
LAB="${SWARM_LAB_DIR:-${TMPDIR:-/tmp}/swarm-lab}"
NET="${SWARM_LAB_NET:-10.213.1}"

say() { echo "[swarm-lab] $*" >&2; }
die() { say "error: $*"; exit 1; }

# the namespaces' names start with a tag of this lab, written once by `up`
tag() { cat "$LAB/tag"; }
sock() { echo "$LAB/$1/docker.sock"; }
nodes_of_lab() { echo manager; seq 1 "$(cat "$LAB/workers")" | sed 's/^/worker/'; }

launch_dockerd() {  # NODE HOSTNAME
  local node=$1 host=$2 dir="$LAB/$1" i
  mkdir -p "$dir"
  # nsenter, not `ip netns exec`: that one remounts /sys, and dockerd needs the host's cgroup mounts under it.
  # The chain execs all the way down, so the PID of this job is dockerd's.
  nsenter --net="/run/netns/$(tag)-$node" unshare --uts sh -c 'hostname "$1"; shift; exec "$@"' sh "$host" \
    dockerd --host "unix://$dir/docker.sock" --data-root "$dir/root" --exec-root "$dir/run" \
      --pidfile "$dir/dockerd.pid" --storage-driver vfs --bridge none --iptables=false --ip6tables=false \
    >"$dir/dockerd.log" 2>&1 &
  echo $! >"$dir/pid"
  for i in $(seq 150); do
    docker --host "unix://$dir/docker.sock" version >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
    sleep 0.2
  done
  tail -20 "$dir/dockerd.log" >&2
  die "dockerd of $node did not come up (log: $dir/dockerd.log)"
}

wire() {  # NODE ADDRESS: a namespace for NODE, with eth0 on the hub's bridge
  local node=$1 addr=$2 ns hub
  ns="$(tag)-$node"; hub="$(tag)-hub"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$hub" link add "p-$node" type veth peer name eth0 netns "$ns"
  ip -n "$hub" link set "p-$node" master br0 up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
}

cmd_up() {
  local workers=${1:-1} i
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces)"
  for tool in dockerd docker ip unshare; do
    command -v "$tool" >/dev/null || die "no $tool; apt-get install docker.io iproute2 util-linux"
  done
  [ ! -e "$LAB/tag" ] || die "a lab is already up in $LAB; run down first"
  mkdir -p "$LAB"
  echo "sl$$" >"$LAB/tag"
  echo "$workers" >"$LAB/workers"
  ip netns add "$(tag)-hub"
  ip -n "$(tag)-hub" link set lo up
  ip -n "$(tag)-hub" link add br0 type bridge
  ip -n "$(tag)-hub" link set br0 up
  wire manager "$NET.1"
  wire server "$NET.2"
  for i in $(seq 1 "$workers"); do wire "worker$i" "$NET.$((10 + i))"; done
  # the host's way in, as a client: a veth whose far end is on the hub's bridge
  ip link add "$(tag)-h" type veth peer name "p-host" netns "$(tag)-hub"
  ip -n "$(tag)-hub" link set p-host master br0 up
  ip addr add "$NET.254/24" dev "$(tag)-h"
  ip link set "$(tag)-h" up

  launch_dockerd manager swarm-manager
  docker --host "unix://$(sock manager)" swarm init --advertise-addr "$NET.1" --listen-addr "$NET.1:2377" >/dev/null
  for i in $(seq 1 "$workers"); do launch_dockerd "worker$i" "swarm-worker-$i"; done
  say "up: manager $NET.1:2377 and $workers worker(s) in $LAB"
  cmd_env
}

cmd_env() {
  local manager i
  manager="unix://$(sock manager)"
  echo "MANAGER_SOCK=$(sock manager)"
  echo "MANAGER_ADDR=$NET.1:2377"
  echo "SERVER_ADDR=$NET.2"
  echo "WORKER_TOKEN=$(docker --host "$manager" swarm join-token -q worker)"
  echo "MANAGER_TOKEN=$(docker --host "$manager" swarm join-token -q manager)"
  for i in $(seq 1 "$(cat "$LAB/workers")"); do echo "WORKER${i}_SOCK=$(sock "worker$i")"; done
}

cmd_on() {
  [ $# -ge 2 ] || die "usage: swarm-lab.sh on WORKER COMMAND [ARG...]"
  local worker=$1; shift
  DOCKER_HOST="unix://$(sock "worker$worker")" exec nsenter --net="/run/netns/$(tag)-worker$worker" "$@"
}

cmd_serve() {
  [ $# -ge 1 ] || die "usage: swarm-lab.sh serve COMMAND [ARG...]"
  exec nsenter --net="/run/netns/$(tag)-server" "$@"
}

cmd_down() {
  [ -e "$LAB/tag" ] || { say "no lab in $LAB"; rm -rf "$LAB"; return 0; }
  local node pids=() pid ns i
  for node in $(nodes_of_lab); do
    [ -s "$LAB/$node/pid" ] && pids+=("$(cat "$LAB/$node/pid")")
  done
  if [ "${#pids[@]}" -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for i in $(seq 100); do
      kill -0 "${pids[@]}" 2>/dev/null || break
      sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  # whatever a daemon mounted under the lab's directory in the host's mount namespace
  awk -v top="$LAB/" 'index($2, top) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done
  ip link delete "$(tag)-h" 2>/dev/null || true
  for ns in $(ip netns list | awk '{ print $1 }'); do
    case "$ns" in "$(tag)"-*) ip netns delete "$ns" ;; esac
  done
  rm -rf "$LAB"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  env) cmd_env ;;
  on) shift; cmd_on "$@" ;;
  serve) shift; cmd_serve "$@" ;;
  nodes) docker --host "unix://$(sock manager)" node ls ;;
  down) cmd_down ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
