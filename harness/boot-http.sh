#!/usr/bin/env bash
# A virtual machine boots from the provisioning server over HTTP: QEMU's iPXE ROM gets its first script from
# slirp's DHCP (BASE_URL/BOOT_PATH) and follows it; the kernel's initrd reports what it got on the serial port.
#
#   BUILD_ONLY=1 WORK=DIR boot-http.sh     guest files into DIR/srv: kernel, initrd.gz, oem.cpio.gz
#   WORK=DIR boot-http.sh BASE_URL         boot; BASE_URL is http://127.0.0.1:PORT (the guest uses 10.0.2.2:PORT)
#   LOCAL_DISK=1 adds a disk behind the NIC; EXPECT_LOCAL=1 expects the guest to boot it instead of the kernel
#
# See README.md for the environment it reads. Prints "E2E-RESULT: PASS" (exit 0) or "E2E-RESULT: FAIL" (exit 1).
set -euo pipefail
umask 022
HARNESS_NAME=boot-http
WORK="${WORK:-${TMPDIR:-/tmp}/provisioner-harness/http}"
MAC="${MAC:-52:54:00:e2:e0:01}"
UUID="${UUID:-12345678-9abc-def0-1234-56789abcdef0}"
SERIAL="${SERIAL:-E2E-SERIAL-0001}"
BOOT_PATH="${BOOT_PATH:-boot.ipxe}"
EXPECT="${EXPECT:-\"ignition\"}"
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

mkdir -p "$WORK"
if [ "${BUILD_ONLY:-0}" = 1 ]; then
  require cpio=cpio gzip=gzip apt-get=apt dpkg-deb=dpkg
  mkdir -p "$WORK/srv"
  kernel=$(guest_kernel)
  cp "$kernel" "$WORK/srv/kernel"
  make_initrd "$WORK/srv/initrd.gz"
  make_oem_archive "$WORK/srv/oem.cpio.gz"
  chmod -R a+rX "$WORK"
  note "guest files in $WORK/srv"
  exit 0
fi

[ $# -ge 1 ] || abort "usage: boot-http.sh BASE_URL (or BUILD_ONLY=1 for the guest files)"
# LOCAL_DISK=1: a disk behind the NIC in the boot order, for a machine the server sends to its own disk
[ "${LOCAL_DISK:-0}" = 0 ] || local_disk "$WORK/disk.img"
boot_ipxe_over_slirp "$1"

if [ "${EXPECT_LOCAL:-0}" = 1 ]; then
  expect "qemu exited with $GUEST_RC (124: killed after ${TIMEOUT}s)" test "$GUEST_RC" -eq 0
  expect "the guest did not boot its disk" serial_has_line '^E2E-LOCAL-DISK: booted'
  expect "the guest booted the network kernel" not serial_has_line 'E2E-MARKER: init started'
else
  guest_finished
  expect "'$EXPECT' is not in any file of /usr/share/oem" section_has OEM "" "$EXPECT"
fi
verdict
