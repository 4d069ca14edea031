#!/usr/bin/env bash
# Debian's real Ignition runs in a virtual machine that booted from the provisioning server over HTTP (as in
# boot-http.sh), on the config.ign of the OEM archive the server gave it. Its initrd runs
#   ignition -platform=file -stage=fetch-offline -root=/sysroot, then -stage=files
# with IGNITION_CONFIG_FILE=/usr/share/oem/config.ign on a tmpfs /sysroot, and prints every file written.
#
#   BUILD_ONLY=1 WORK=DIR boot-ignition.sh   guest files into DIR/srv: kernel, initrd.gz (with Ignition)
#   WORK=DIR boot-ignition.sh BASE_URL       boot; BASE_URL is http://127.0.0.1:PORT
#
# CHECK_FILE (default /etc/systemd/system/docker-swarm-join.service) must have been written, and must hold
# EXPECT when that is set. See README.md for the rest of the environment.
set -euo pipefail
umask 022
HARNESS_NAME=boot-ignition
WORK="${WORK:-${TMPDIR:-/tmp}/provisioner-harness/ignition}"
MAC="${MAC:-52:54:00:e2:e0:03}"
UUID="${UUID:-12345678-9abc-def0-1234-56789abcdef3}"
SERIAL="${SERIAL:-E2E-SERIAL-0003}"
BOOT_PATH="${BOOT_PATH:-boot.ipxe}"
CHECK_FILE="${CHECK_FILE:-/etc/systemd/system/docker-swarm-join.service}"
EXPECT="${EXPECT:-}"
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

mkdir -p "$WORK"
if [ "${BUILD_ONLY:-0}" = 1 ]; then
  require cpio=cpio gzip=gzip ldd=libc-bin apt-get=apt dpkg-deb=dpkg
  mkdir -p "$WORK/srv"
  kernel=$(guest_kernel)
  cp "$kernel" "$WORK/srv/kernel"
  make_initrd "$WORK/srv/initrd.gz" ignition
  chmod -R a+rX "$WORK"
  note "guest files in $WORK/srv"
  exit 0
fi

[ $# -ge 1 ] || abort "usage: boot-ignition.sh BASE_URL (or BUILD_ONLY=1 for the guest files)"
boot_ipxe_over_slirp "$1"

guest_finished
expect "the OEM archive had no config.ign" serial_has_line '^E2E-OEM-FILE /usr/share/oem/config.ign '
expect "ignition -stage=fetch-offline failed" serial_has_line '^E2E-IGNITION-RC fetch-offline=0$'
expect "ignition -stage=files failed" serial_has_line '^E2E-IGNITION-RC files=0$'
expect "Ignition did not write $CHECK_FILE" grep -qxF "E2E-SYSROOT-BEGIN $CHECK_FILE" "$WORK/serial.txt"
[ -z "$EXPECT" ] || expect "'$EXPECT' is not in $CHECK_FILE" section_has SYSROOT "$CHECK_FILE" "$EXPECT"
verdict
