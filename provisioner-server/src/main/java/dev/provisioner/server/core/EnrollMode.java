package dev.provisioner.server.core;

/** When a swarm profile's machines get an enrollment credential. */
public enum EnrollMode {
    /** At every boot: diskless blades, which network-boot each time they start. */
    EVERY_BOOT,
    /** Only for a boot an operator armed the machine for: machines with disks, which network-boot when told to. */
    ARMED
}
