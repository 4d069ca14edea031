#!/usr/bin/env bash
# Fetches the guest software the boot-*.sh scripts put into their virtual machines and that is not installed
# on the host: Debian's current kernel image (linux-image-amd64's dependency) and busybox-static. Each .deb is
# `apt-get download`ed, never installed, and unpacked into $CACHE (default ${TMPDIR:-/tmp}/provisioner-harness-cache).
# The boot scripts fetch on first use too; .ci/run calls this up front, while the package registry is in reach.
set -euo pipefail
HARNESS_NAME=fetch-guest
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"
require apt-get=apt dpkg-deb=dpkg
kernel=$(guest_kernel)
busybox=$(guest_busybox)
note "kernel: $kernel"
note "busybox: $busybox"
