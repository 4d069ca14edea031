package dev.provisioner.server.core.timeline;

/** How a machine asked, or where the server saw it. */
public enum Transport {
    HTTP,
    TFTP,
    DHCP,
    /** Not asked: seen in the swarm's node list, read from the Engine API. */
    SWARM,
    /** Not asked: a change to the machine's record, by an operator or by the server itself. */
    INVENTORY
}
