package dev.provisioner.server.core;

import java.util.Locale;

/** What a machine joins its swarm as; the name is the one Docker uses. */
public enum SwarmRole {
    WORKER,
    MANAGER;

    public String dockerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
