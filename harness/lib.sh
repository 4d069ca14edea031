# shellcheck shell=bash
# Shared helpers for the boot-*.sh harness scripts. Source it; do not run it.
#
# Set HARNESS_NAME before sourcing (used to tag log lines). Reads WORK, CACHE, TIMEOUT, MAC, UUID, SERIAL, NIC,
# ACCEL from the environment (see README.md).

CACHE="${CACHE:-${TMPDIR:-/tmp}/provisioner-harness-cache}"
TIMEOUT="${TIMEOUT:-180}"
NIC="${NIC:-virtio-net-pci}"
IGNITION_BIN=/usr/lib/dracut/modules.d/30ignition/ignition

note() { printf '[%s] %s\n' "${HARNESS_NAME:-harness}" "$*" >&2; }
abort() { note "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------
# Processes: every background process the script starts is remembered; on exit the whole tree under each one
# is sent TERM, and KILL after two seconds. Only these PIDs are ever signalled.
# ---------------------------------------------------------------------------------------------------------
STARTED_PIDS=()
remember_pid() { STARTED_PIDS+=("$1"); }

pid_tree() {  # PID and all its descendants, parents first
  local kid
  echo "$1"
  for kid in $(ps -o pid= --ppid "$1" 2>/dev/null); do pid_tree "$kid"; done
}

stop_remembered() {
  local victims=() p
  for p in "${STARTED_PIDS[@]}"; do
    kill -0 "$p" 2>/dev/null || continue
    # shellcheck disable=SC2207
    victims+=($(pid_tree "$p"))
  done
  [ "${#victims[@]}" -gt 0 ] || return 0
  kill -TERM "${victims[@]}" 2>/dev/null || true
  for _ in $(seq 20); do
    kill -0 "${victims[@]}" 2>/dev/null || break
    sleep 0.1
  done
  for p in "${victims[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_remembered EXIT

# ---------------------------------------------------------------------------------------------------------
# Tools: the scripts never install packages themselves (.ci/run does, before any test runs); they say what is
# missing. Arguments are command=package pairs.
# ---------------------------------------------------------------------------------------------------------
require() {
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ "${#missing[@]}" -eq 0 ] || abort "missing tools; apt-get install ${missing[*]}"
}

# ---------------------------------------------------------------------------------------------------------
# Guest software that is not installed on the host: Debian's kernel image and the static busybox (the
# dynamic "busybox" package the TFTP client tests use conflicts with it). Each .deb is fetched with
# `apt-get download` (nothing is installed, no service starts) and unpacked into $CACHE/<package>/.
# ---------------------------------------------------------------------------------------------------------
# These run inside $(...), where bash drops `set -e`: every step that can fail says so itself.
kernel_package() {
  local dep
  dep=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -1)
  [ -n "$dep" ] || abort "apt-cache knows no linux-image-amd64; run apt-get update"
  echo "$dep"
}

unpacked_deb() {  # PACKAGE -> prints the directory holding its unpacked files
  local pkg="$1" dest="$CACHE/$1" download="$CACHE/download-$1" deb
  mkdir -p "$CACHE" || abort "cannot create $CACHE"
  # one script at a time fetches a package; the others wait and then find it there
  exec 9>"$CACHE/.lock-$pkg" && flock 9 || abort "cannot lock $CACHE/.lock-$pkg"
  if [ ! -f "$dest/.complete" ]; then
    rm -rf "$dest" "$download" && mkdir -p "$dest" "$download" || abort "cannot create $dest"
    ( cd "$download" && apt-get download -q -o APT::Sandbox::User=root "$pkg" ) >&2 ||
      abort "apt-get download $pkg failed (apt-get update first?)"
    deb=$(ls "$download"/*.deb | head -1)
    if [[ "$pkg" == linux-image-* ]]; then
      # the image is all a guest needs; the modules would be hundreds of MB
      dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest" --wildcards './boot/vmlinuz-*' || abort "cannot unpack $deb"
    else
      dpkg-deb -x "$deb" "$dest" || abort "cannot unpack $deb"
    fi
    rm -rf "$download"
    touch "$dest/.complete"
  fi
  exec 9>&-
  echo "$dest"
}

guest_kernel() {  # prints the path of the unpacked vmlinuz
  local pkg dir
  pkg=$(kernel_package) || exit 1
  dir=$(unpacked_deb "$pkg") || exit 1
  ls "$dir"/boot/vmlinuz-* | head -1
}

guest_busybox() {
  local dir
  dir=$(unpacked_deb busybox-static) || exit 1
  echo "$dir/bin/busybox"
}

# ---------------------------------------------------------------------------------------------------------
# The guest's initrd. Its /init prints E2E-* lines on ttyS0 and powers the machine off:
#   E2E-MARKER: init started          /init runs
#   E2E-CMDLINE: <the kernel command line>
#   E2E-OEM-FILE <path> <sha256>, then E2E-OEM-BEGIN <path> / contents / E2E-OEM-END <path>
#                                     for every file under /usr/share/oem (the OEM archive's payload)
#   with Ignition built in (make_initrd ... ignition), then:
#   E2E-IGNITION-VERSION, E2E-IGNLOG <stage>: ..., E2E-IGNITION-RC <stage>=<rc> for fetch-offline and files,
#   E2E-SYSROOT-BEGIN <path> / contents / E2E-SYSROOT-END <path> for every file Ignition wrote
#   E2E-DONE                          the end
# ---------------------------------------------------------------------------------------------------------
write_init() {  # FILE
  cat >"$1" <<'GUEST_INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin:/usr/sbin
mount -t proc none /proc
mount -t sysfs none /sys
mount -t devtmpfs none /dev 2>/dev/null
mount -t tmpfs none /run
echo "E2E-MARKER: init started"
echo "E2E-CMDLINE: $(cat /proc/cmdline)"

dump() {  # TAG FILE NAME
  echo "E2E-$1-BEGIN $3"
  head -c 65536 "$2"
  echo
  echo "E2E-$1-END $3"
}

oem_files=$(find /usr/share/oem -type f 2>/dev/null | sort)
[ -n "$oem_files" ] || echo "E2E-OEM-MISSING"
for f in $oem_files; do
  echo "E2E-OEM-FILE $f $(sha256sum "$f" | cut -d' ' -f1)"
  dump OEM "$f" "$f"
done

if [ -x /usr/bin/ignition ]; then
  mount -t tmpfs none /sysroot
  # Debian's Ignition relabels what it wrote when <root>/etc/selinux/config names a policy; /usr/sbin/setfiles is
  # a stub that swallows the list, there being no policy in this root
  mkdir -p /sysroot/etc/selinux
  echo "SELINUXTYPE=targeted" >/sysroot/etc/selinux/config
  platform=metal
  if [ -f /usr/share/oem/config.ign ]; then
    platform=file
    export IGNITION_CONFIG_FILE=/usr/share/oem/config.ign
  fi
  echo "E2E-IGNITION-VERSION $(ignition -version 2>&1)"
  for stage in fetch-offline files; do
    ignition -platform=$platform -stage=$stage -root=/sysroot -log-to-stdout >/tmp/ign-$stage.log 2>&1
    rc=$?
    grep -E 'CRITICAL|ERROR|WARNING|\[finished\]|using config' /tmp/ign-$stage.log | sed "s/^/E2E-IGNLOG $stage: /"
    [ $rc -eq 0 ] || tail -60 /tmp/ign-$stage.log | sed "s/^/E2E-IGNLOG-FULL $stage: /"
    echo "E2E-IGNITION-RC $stage=$rc"
    [ $rc -eq 0 ] || break
  done
  for f in $(find /sysroot -type f | sort); do
    [ "$f" = /sysroot/etc/selinux/config ] && continue
    dump SYSROOT "$f" "${f#/sysroot}"
  done
fi
echo "E2E-DONE"
poweroff -f
GUEST_INIT
  chmod 755 "$1"
}

cpio_gz() {  # DIR OUT
  ( cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet ) | gzip -6 >"$2"
}

make_initrd() {  # OUT [ignition]
  local out="$1" with="${2:-}" root lib busybox
  busybox=$(guest_busybox)
  root=$(mktemp -d "$WORK/initrd.XXXXXX")
  mkdir -p "$root"/{bin,dev,proc,sys,run,tmp,sysroot,usr/bin,usr/sbin}
  cp "$busybox" "$root/bin/busybox"
  [ "$(id -u)" -ne 0 ] || mknod -m 600 "$root/dev/console" c 5 1
  write_init "$root/init"
  if [ "$with" = ignition ]; then
    [ -x "$IGNITION_BIN" ] || abort "no $IGNITION_BIN; apt-get install ignition"
    # Debian ships Ignition only inside its dracut module, linked against the host's libc and libblkid
    cp "$IGNITION_BIN" "$root/usr/bin/ignition"
    for lib in $(ldd "$IGNITION_BIN" | grep -oE '/[^ ]+'); do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
    printf '#!/bin/sh\necho "setfiles stub: $*"\ncat >/dev/null\n' >"$root/usr/sbin/setfiles"
    chmod 755 "$root/usr/sbin/setfiles"
  fi
  cpio_gz "$root" "$out"
  rm -rf "$root"
}

make_oem_archive() {  # OUT: usr/share/oem/config.ign, a small valid Ignition config with a unique token
  local root
  root=$(mktemp -d "$WORK/oem.XXXXXX")
  mkdir -p "$root/usr/share/oem"
  printf '{"ignition":{"version":"3.3.0"},"storage":{"files":[{"path":"/etc/e2e-fixture","contents":{"source":"data:,fixture-%s"}}]}}\n' \
    "$(date +%s)-$$" >"$root/usr/share/oem/config.ign"
  cpio_gz "$root" "$1"
  rm -rf "$root"
}

# ---------------------------------------------------------------------------------------------------------
# The machine: QEMU with the NIC's iPXE option ROM (Debian's ipxe-qemu) as its only boot device. SMBIOS gives
# it UUID and SERIAL; the serial console goes to $WORK/serial.log, and without CRs to $WORK/serial.txt.
# ACCEL: tcg (default), or kvm where /dev/kvm works.
# ---------------------------------------------------------------------------------------------------------
# QEMU_FIRMWARE: extra QEMU arguments for the firmware (OVMF's flash drives); none: SeaBIOS
QEMU_FIRMWARE=()
# QEMU_DISK: extra QEMU arguments for a disk behind the NIC in the boot order (local_disk); none: no disk
QEMU_DISK=()
boot_guest() {  # NETDEV ; sets GUEST_RC and GUEST_SECONDS
  local netdev="$1" began
  rm -f "$WORK/serial.log" "$WORK/serial.txt"
  note "booting mac=$MAC uuid=$UUID serial=$SERIAL nic=$NIC accel=${ACCEL:-tcg} timeout=${TIMEOUT}s"
  began=$(date +%s%N)
  timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -accel "${ACCEL:-tcg}" -m 512 -smp 1 \
    -nographic -monitor none -serial "file:$WORK/serial.log" -no-reboot -boot strict=on \
    -smbios "type=1,manufacturer=E2E,product=e2e-pxe,uuid=$UUID,serial=$SERIAL" "${QEMU_FIRMWARE[@]}" "${QEMU_DISK[@]}" \
    -netdev "$netdev" -device "$NIC,netdev=n0,mac=$MAC,bootindex=1" >"$WORK/qemu.log" 2>&1 &
  remember_pid $!
  GUEST_RC=0
  wait $! || GUEST_RC=$?
  GUEST_SECONDS=$(( ($(date +%s%N) - began) / 1000000 ))
  GUEST_SECONDS="$((GUEST_SECONDS / 1000)).$(printf '%03d' $((GUEST_SECONDS % 1000)))"
  tr -d '\r' <"$WORK/serial.log" >"$WORK/serial.txt" 2>/dev/null || : >"$WORK/serial.txt"
}

# Checks on what the guest printed: each failed one is collected; verdict prints E2E-RESULT and exits.
PROBLEMS=()
expect() {  # DESCRIPTION COMMAND...
  local what="$1"; shift
  "$@" || PROBLEMS+=("$what")
}
serial_has_line() { grep -q -- "$1" "$WORK/serial.txt"; }
not() { ! "$@"; }
cmdline_has() { grep '^E2E-CMDLINE: ' "$WORK/serial.txt" | grep -qF -- "$1"; }
section_has() {  # TAG PATH|'' STRING: STRING is in the dumped file PATH (any file when PATH is empty)
  awk -v tag="E2E-$1" -v path="$2" '
    $0 ~ "^" tag "-BEGIN " { on = (path == "" || $0 == tag "-BEGIN " path); next }
    $0 ~ "^" tag "-END "   { on = 0; next }
    on' "$WORK/serial.txt" | grep -qF -- "$3"
}

# A disk whose boot sector prints E2E-LOCAL-DISK on the serial port and ends the guest (a triple fault, which
# -no-reboot turns into QEMU's exit): what a machine sent to its own disk boots. The 512 bytes were assembled with
# GNU as (.code16, as --32, ld -m elf_i386 -Ttext 0x7c00 --oformat binary) from: cli; xor ax,ax; mov ds,ax; mov si,msg; mov dx,0x3f8;
# 1: lodsb; test al,al; jz 2f; out dx,al; jmp 1b; 2: lidt [zero-limit idt]; int 3; msg: "E2E-LOCAL-DISK: booted
# from the first disk"; then 0x55 0xaa at 510.
local_disk() {  # FILE ; sets QEMU_DISK
  local code='fa31c08ed8be1f7cbaf803ac84c07403eeebf80f011e197ccc0000000000000d0a4532452d4c4f43414c2d4449534b3a20626f6f7465642066726f6d20746865206669727374206469736b0d0a'
  local bytes=$(( ${#code} / 2 ))
  # printf turns \xHH into bytes (the code has no %)
  { printf "$(sed 's/../\\x&/g' <<<"$code")"; head -c $((510 - bytes)) /dev/zero; printf '\x55\xaa'; } >"$1"
  truncate -s 1M "$1"
  QEMU_DISK=(-drive "file=$1,format=raw,if=none,id=d0" -device "ide-hd,drive=d0,bootindex=2")
}

guest_finished() {
  expect "qemu exited with $GUEST_RC (124: killed after ${TIMEOUT}s)" test "$GUEST_RC" -eq 0
  expect "the guest's /init never ran" serial_has_line 'E2E-MARKER: init started'  # not anchored: a console reset (ESC c) may come first
  expect "the guest did not reach E2E-DONE" serial_has_line '^E2E-DONE'
}

verdict() {
  local p
  grep -E '^E2E-(CMDLINE|OEM-FILE|IGNITION|IGNLOG|SYSROOT-BEGIN)' "$WORK/serial.txt" | sed 's/^/  guest: /' >&2 || true
  if [ "${#PROBLEMS[@]}" -gt 0 ]; then
    note "last lines on the guest's console:"
    tail -60 "$WORK/serial.txt" | sed 's/^/  | /' >&2
    for p in "${PROBLEMS[@]}"; do note "FAIL: $p"; done
    echo "E2E-RESULT: FAIL ${GUEST_SECONDS}s"
    exit 1
  fi
  echo "E2E-RESULT: PASS ${GUEST_SECONDS}s from qemu start to power-off"
}

# The iPXE ROM boots over slirp: its DHCP hands out BASE_URL/BOOT_PATH as the guest sees it.
boot_ipxe_over_slirp() {  # BASE_URL ; sets GUEST_RC and GUEST_SECONDS
  local first
  require qemu-system-x86_64=qemu-system-x86 timeout=coreutils
  [ -e /usr/lib/ipxe/qemu/efi-virtio.rom ] || abort "no iPXE ROM for QEMU; apt-get install ipxe-qemu"
  first="$(slirp_url "$1")/$BOOT_PATH"
  note "the ROM is told to load $first"
  # in -netdev values a comma is written twice
  boot_guest "user,id=n0,bootfile=${first//,/,,}"
}

# BASE_URL on the host's loopback -> the same server as the guest sees it through slirp (host alias 10.0.2.2)
slirp_url() {  # URL
  local re='^http://(127\.0\.0\.1|localhost):([0-9]+)(/.*)?$' path
  [[ "$1" =~ $re ]] || abort "the server URL must be http://127.0.0.1:PORT or http://localhost:PORT, not $1"
  path="${BASH_REMATCH[3]:-}"
  echo "http://10.0.2.2:${BASH_REMATCH[2]}${path%/}"
}

# ---------------------------------------------------------------------------------------------------------
# A client network namespace facing the current one (run inside `unshare --net`): srv0 here with SERVER_ADDR/24,
# eth0 there with CLIENT_ADDR/24, a veth pair between. Sets CLIENT_NS; deleted on exit, after the processes.
# ---------------------------------------------------------------------------------------------------------
client_namespace() {  # SERVER_ADDR CLIENT_ADDR
  CLIENT_NS="pdc$$"
  ip netns add "$CLIENT_NS"
  trap 'stop_remembered; ip netns delete "$CLIENT_NS" 2>/dev/null || true' EXIT
  ip link set lo up
  ip link add srv0 type veth peer name eth0 netns "$CLIENT_NS"
  ip addr add "$1/24" dev srv0
  ip link set srv0 up
  ip -n "$CLIENT_NS" link set lo up
  ip -n "$CLIENT_NS" addr add "$2/24" dev eth0
  ip -n "$CLIENT_NS" link set eth0 up
}
