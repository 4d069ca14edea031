package dev.provisioner.server.core.timeline;

/** How a machine asked. */
public enum Transport {
    HTTP,
    TFTP
}
