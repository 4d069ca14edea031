#!/usr/bin/env bash
# A virtual machine boots from the provisioning server over TFTP alone, the legacy PXE way: QEMU's iPXE ROM,
# acting as a plain PXE ROM, loads pxelinux.0; pxelinux loads ldlinux.c32, its config for the machine
# (pxelinux.cfg/01-<mac>) and the kernel and initrds that config names, all over TFTP.
#
#   BUILD_ONLY=1 WORK=DIR boot-tftp.sh       guest files into DIR/tftp: pxelinux.0, ldlinux.c32, kernel, initrd.gz
#   MODE=slirp WORK=DIR boot-tftp.sh 127.0.0.1:PORT
#       QEMU's user networking; the ROM is given tftp://10.0.2.2:PORT/pxelinux.0 and slirp forwards to the server
#       on the host's loopback. PORT must not be 69: slirp answers 10.0.2.2:69 with its own TFTP server.
#   MODE=netns WORK=DIR TFTP_SERVER_CMD='...' boot-tftp.sh        (root)
#       The real flow. The script goes on in a network namespace of its own holding only lo and a tap device
#       (10.213.0.1/24) for the guest; dnsmasq answers DHCP there (next-server 10.213.0.1, file pxelinux.0);
#       TFTP_SERVER_CMD is run by bash in the namespace with E2E_TFTP_ADDR=10.213.0.1, its output in
#       $WORK/server.log, and must serve TFTP on 10.213.0.1:69 within SERVER_START_WAIT seconds.
#
# See README.md for the rest of the environment. Prints "E2E-RESULT: PASS" (exit 0) or "E2E-RESULT: FAIL".
set -euo pipefail
umask 022
MODE="${MODE:-slirp}"
HARNESS_NAME="boot-tftp/$MODE"
WORK="${WORK:-${TMPDIR:-/tmp}/provisioner-harness/tftp-$MODE}"
MAC="${MAC:-52:54:00:e2:e0:02}"
UUID="${UUID:-12345678-9abc-def0-1234-56789abcdef2}"
SERIAL="${SERIAL:-E2E-SERIAL-0002}"
EXPECT="${EXPECT:-\"ignition\"}"
EXPECT_CMDLINE="${EXPECT_CMDLINE:-}"
NS_ADDR=10.213.0.1
TAP=pxetap0
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

mkdir -p "$WORK"
if [ "${BUILD_ONLY:-0}" = 1 ]; then
  require cpio=cpio gzip=gzip apt-get=apt dpkg-deb=dpkg
  [ -f /usr/lib/PXELINUX/pxelinux.0 ] || abort "no pxelinux.0; apt-get install pxelinux"
  [ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ] || abort "no ldlinux.c32; apt-get install syslinux-common"
  mkdir -p "$WORK/tftp"
  cp /usr/lib/PXELINUX/pxelinux.0 /usr/lib/syslinux/modules/bios/ldlinux.c32 "$WORK/tftp/"
  kernel=$(guest_kernel)
  cp "$kernel" "$WORK/tftp/kernel"
  make_initrd "$WORK/tftp/initrd.gz"
  chmod -R a+rX "$WORK"
  note "guest files in $WORK/tftp"
  exit 0
fi

require qemu-system-x86_64=qemu-system-x86 timeout=coreutils
[ -e /usr/lib/ipxe/qemu/efi-virtio.rom ] || abort "no iPXE ROM for QEMU; apt-get install ipxe-qemu"

case "$MODE" in
  slirp)
    [ $# -ge 1 ] || abort "usage: MODE=slirp boot-tftp.sh 127.0.0.1:PORT"
    [[ "$1" =~ ^(127\.0\.0\.1|localhost):([0-9]+)$ ]] || abort "the server must be 127.0.0.1:PORT or localhost:PORT, not $1"
    port="${BASH_REMATCH[2]}"
    [ "$port" != 69 ] || abort "port 69 is slirp's own TFTP server; run the server under test on another port"
    netdev="user,id=n0,bootfile=tftp://10.0.2.2:$port/pxelinux.0"
    ;;
  netns)
    [ -n "${TFTP_SERVER_CMD:-}" ] || abort "MODE=netns needs TFTP_SERVER_CMD, the command that starts the server"
    [ "$(id -u)" -eq 0 ] || abort "MODE=netns needs root (network namespace, tap device)"
    require dnsmasq=dnsmasq-base ip=iproute2 ss=iproute2 unshare=util-linux
    if [ -z "${HARNESS_IN_NETNS:-}" ]; then
      # the same script again, in a network namespace that only it and its children see
      exec unshare --net env HARNESS_IN_NETNS=1 bash "$(readlink -f "$0")" "$@"
    fi
    ip link set lo up
    ip tuntap add dev "$TAP" mode tap
    ip addr add "$NS_ADDR/24" dev "$TAP"
    # an IPv6 router advertisement ends iPXE's wait for IPv6 autoconfiguration early
    sysctl -qw "net.ipv6.conf.$TAP.accept_dad=0" || true
    ip -6 addr add fd5e:2e00::1/64 dev "$TAP" nodad
    ip link set "$TAP" up
    # --no-ping: no 3 s probe before an address is offered; option 175.176=1 tells iPXE not to wait for
    # ProxyDHCP offers
    dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file= --port=0 --user=root \
      --interface="$TAP" --bind-interfaces --except-interface=lo \
      --dhcp-range=10.213.0.100,10.213.0.150,255.255.255.0,1h --dhcp-boot="pxelinux.0,,$NS_ADDR" \
      --no-ping --dhcp-option=encap:175,176,1 --enable-ra --dhcp-range=fd5e:2e00::,ra-only,64 \
      --dhcp-leasefile="$WORK/dnsmasq.leases" --log-dhcp --log-facility="$WORK/dnsmasq.log" &
    remember_pid $!
    E2E_TFTP_ADDR="$NS_ADDR" bash -c "$TFTP_SERVER_CMD" >"$WORK/server.log" 2>&1 &
    server_pid=$!
    remember_pid "$server_pid"
    waited=0
    until [ -n "$(ss -Hlun "sport = :69")" ]; do
      kill -0 "$server_pid" 2>/dev/null || abort "the server exited before it served TFTP; see $WORK/server.log"
      [ "$waited" -lt "$(( ${SERVER_START_WAIT:-30} * 4 ))" ] || abort "nothing listens on UDP port 69 after ${SERVER_START_WAIT:-30}s"
      sleep 0.25
      waited=$((waited + 1))
    done
    note "a server listens on UDP port 69 after $((waited / 4)).$(( (waited % 4) * 25 ))s"
    netdev="tap,id=n0,ifname=$TAP,script=no,downscript=no"
    ;;
  *) abort "MODE is slirp or netns, not $MODE" ;;
esac

boot_guest "$netdev"

guest_finished
expect "pxelinux never printed its banner" serial_has_line 'PXELINUX'
[ -z "$EXPECT_CMDLINE" ] || expect "'$EXPECT_CMDLINE' is not on the kernel command line" \
  cmdline_has "$EXPECT_CMDLINE"
expect "'$EXPECT' is not in any file of /usr/share/oem" section_has OEM "" "$EXPECT"
verdict
