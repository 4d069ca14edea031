package dev.provisioner.server.core;

import java.util.Objects;
import java.util.Optional;

/** A named way to boot: the kernel, initrds and arguments, and the config template (used from the Ignition work on). */
public record Profile(String id, BootSpec boot, Optional<String> config) {

    public Profile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(boot, "boot");
        config = config == null ? Optional.empty() : config;
    }
}
