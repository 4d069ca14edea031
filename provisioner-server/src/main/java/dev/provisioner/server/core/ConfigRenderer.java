package dev.provisioner.server.core;

import java.net.URI;

/** Turns the config template a profile names into the machine's Ignition JSON. */
public interface ConfigRenderer {

    /** Never throws for a bad template or config: those are {@link ConfigOutcome.Broken}, with file and line. */
    ConfigOutcome render(Machine machine, Profile profile, URI base);
}
