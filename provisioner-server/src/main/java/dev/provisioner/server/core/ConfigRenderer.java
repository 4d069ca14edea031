package dev.provisioner.server.core;

import dev.provisioner.server.core.trust.Enrollment;
import java.net.URI;

/** Turns the config template a profile names into the machine's Ignition JSON. */
public interface ConfigRenderer {

    /**
     * Never throws for a bad template or config: those are {@link ConfigOutcome.Broken}, with file and line.
     *
     * @param enrollment what a swarm profile's join unit carries
     */
    ConfigOutcome render(Machine machine, Profile profile, URI base, Enrollment enrollment);
}
