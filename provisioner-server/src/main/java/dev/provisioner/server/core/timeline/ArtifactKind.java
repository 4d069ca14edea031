package dev.provisioner.server.core.timeline;

/** What a machine asked for. */
public enum ArtifactKind {
    /** The machine's own iPXE script ({@code /ipxe}). */
    IPXE_SCRIPT,
    /** {@code pxelinux.cfg/01-<mac>}. */
    PXELINUX_CONFIG,
    /** {@code pxelinux.cfg/default} rendered from the default profile. */
    PXELINUX_DEFAULT,
    /** The Ignition JSON ({@code /ignition}). */
    IGNITION,
    /** The config packed for the PXE initrd ({@code oem/<mac>.cpio.gz|xz}). */
    OEM_ARCHIVE,
    /** A kernel or initrd under {@code assets/}. */
    ASSET,
    /** The first file a DHCP answer names: an iPXE build over TFTP, or an HTTP URL. */
    DHCP_BOOT_FILE,
    /** A join unit's enrollment: its one-time credential traded for the join token ({@code POST /enroll}). */
    ENROLLMENT,
    /** The machine's state, changed by the server: back to local after a reprovision, or failed by the boot-loop guard. */
    MACHINE_STATE,
    /** The swarm node that joined with the machine's hostname, as the node verifier judged it. */
    SWARM_NODE
}
