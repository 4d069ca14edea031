package dev.provisioner.server.core.timeline;

/** How a machine asked, or where the server saw it. */
public enum Transport {
    HTTP,
    TFTP,
    DHCP,
    /** Not asked: seen in the swarm's node list, read from the Engine API. */
    SWARM
}
