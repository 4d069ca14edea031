#!/usr/bin/env bash
# A virtual machine boots from the provisioning server's ProxyDHCP, beside a DHCP server that only hands out
# addresses (dnsmasq, no boot options): nothing on the network is configured for PXE but the server under test.
#
#   WORK=DIR SRV=DIR SERVER_CMD='...' boot-proxydhcp.sh      (root)
#
# The script goes on in a network namespace of its own holding only lo and a tap device for the guest, with two
# addresses: 10.213.0.1 for the server under test (SERVER_CMD starts it; E2E_SERVER_ADDR holds the address; its
# output goes to $WORK/server.log) and 10.213.0.2 for dnsmasq. FIRMWARE=bios (default): QEMU's iPXE ROM, which
# should be sent straight to /boot.ipxe over HTTP. FIRMWARE=uefi: Debian's OVMF and a NIC without an option ROM, so
# the firmware's own PXE asks, should get ipxe.efi over TFTP, and iPXE then asks DHCP again for /boot.ipxe.
# FIRMWARE=uefi-http: the same OVMF with its PXE turned off (QEMU fw_cfg opt/org.tianocore/IPv4PXESupport=no, and
# IPv6 off), so its next boot option, UEFI HTTP boot, asks DHCP as an HTTPClient and should get the URL of ipxe.efi.
# OTHER_DHCP=none: no dnsmasq, for the server's reservation mode, where it is the network's only DHCP server.
# SRV: the guest files (boot-http.sh BUILD_ONLY=1), already in the server's data directory.
# Prints "E2E-RESULT: PASS" (exit 0) or "E2E-RESULT: FAIL" (exit 1).
set -euo pipefail
umask 022
HARNESS_NAME=boot-proxydhcp
WORK="${WORK:-${TMPDIR:-/tmp}/provisioner-harness/proxydhcp}"
MAC="${MAC:-52:54:00:e2:d0:01}"
UUID="${UUID:-12345678-9abc-def0-1234-56789abcd0d0}"
SERIAL="${SERIAL:-E2E-SERIAL-D001}"
FIRMWARE="${FIRMWARE:-bios}"
OTHER_DHCP="${OTHER_DHCP:-dnsmasq}"
EXPECT="${EXPECT:-\"ignition\"}"
TAP=pxetap0
SERVER_ADDR=10.213.0.1
DHCP_ADDR=10.213.0.2
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

[ -n "${SERVER_CMD:-}" ] || abort "SERVER_CMD must start the server under test"
case "$FIRMWARE" in bios|uefi|uefi-http) ;; *) abort "FIRMWARE is bios, uefi or uefi-http, not $FIRMWARE" ;; esac
case "$OTHER_DHCP" in dnsmasq|none) ;; *) abort "OTHER_DHCP is dnsmasq or none, not $OTHER_DHCP" ;; esac
[ "$(id -u)" -eq 0 ] || abort "needs root (network namespace, tap device)"
require ip=iproute2 ss=iproute2 unshare=util-linux qemu-system-x86_64=qemu-system-x86 timeout=coreutils
[ "$OTHER_DHCP" = none ] || require dnsmasq=dnsmasq-base
if [ -z "${HARNESS_IN_NETNS:-}" ]; then
  # the same script again, in a network namespace that only it and its children see
  exec unshare --net env HARNESS_IN_NETNS=1 bash "$(readlink -f "$0")" "$@"
fi
mkdir -p "$WORK"
ip link set lo up
ip tuntap add dev "$TAP" mode tap
ip addr add "$SERVER_ADDR/24" dev "$TAP"
ip addr add "$DHCP_ADDR/24" dev "$TAP"
ip link set "$TAP" up
if [ "$OTHER_DHCP" = dnsmasq ]; then
  # addresses only: no next-server, no file, no option 43 or 175; --no-ping offers at once
  dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file= --port=0 --user=root \
    --interface="$TAP" --bind-interfaces --except-interface=lo --listen-address="$DHCP_ADDR" \
    --dhcp-range=10.213.0.100,10.213.0.150,255.255.255.0,1h --no-ping \
    --dhcp-leasefile="$WORK/dnsmasq.leases" --log-dhcp --log-facility="$WORK/dnsmasq.log" &
  remember_pid $!
fi
E2E_SERVER_ADDR="$SERVER_ADDR" bash -c "$SERVER_CMD" >"$WORK/server.log" 2>&1 &
server_pid=$!
remember_pid "$server_pid"
waited=0
until [ -n "$(ss -Hlun "src $SERVER_ADDR and sport = :67")" ] && [ -n "$(ss -Hltn "src $SERVER_ADDR")" ]; do
  kill -0 "$server_pid" 2>/dev/null || abort "the server exited before it answered DHCP; see $WORK/server.log"
  [ "$waited" -lt 240 ] || abort "the server did not listen on $SERVER_ADDR:67 within 60 s"
  sleep 0.25
  waited=$((waited + 1))
done
note "the server listens on $SERVER_ADDR:67 after $((waited / 4)).$(( (waited % 4) * 25 ))s"

netdev="tap,id=n0,ifname=$TAP,script=no,downscript=no"
case "$FIRMWARE" in
  bios) ;;
  uefi|uefi-http)
    [ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || abort "no OVMF; apt-get install ovmf"
    cp /usr/share/OVMF/OVMF_VARS_4M.fd "$WORK/vars.fd"
    QEMU_FIRMWARE=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
                   -drive "if=pflash,format=raw,unit=1,file=$WORK/vars.fd")
    if [ "$FIRMWARE" = uefi-http ]; then
      # OVMF reads these at start (OvmfPkg RUNTIME_CONFIG.md); without PXE its boot options for the NIC are HTTP's
      QEMU_FIRMWARE+=(-fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=no
                      -fw_cfg name=opt/org.tianocore/IPv6Support,string=no)
    fi
    # no option ROM: the firmware's own PXE asks
    NIC="virtio-net-pci,romfile="
    ;;
esac
boot_guest "$netdev"

guest_finished
expect "'$EXPECT' is not in any file of /usr/share/oem" section_has OEM "" "$EXPECT"
verdict
