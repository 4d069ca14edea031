package dev.provisioner.server.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A named way to boot: the kernel, initrds and arguments, and the config template under {@code configs/} with the
 * Ignition spec it is rendered to and the name of the file in the machine's oem.cpio.gz.
 */
public record Profile(String id, BootSpec boot, Optional<String> config, String ignitionSpec, String oemFile) {

    public static final String DEFAULT_SPEC = "3.3.0";
    public static final String DEFAULT_OEM_FILE = "config.ign";

    public Profile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(boot, "boot");
        config = config == null ? Optional.empty() : config;
        ignitionSpec = ignitionSpec == null ? DEFAULT_SPEC : ignitionSpec;
        oemFile = oemFile == null ? DEFAULT_OEM_FILE : oemFile;
    }

    public Profile(String id, BootSpec boot, Optional<String> config) {
        this(id, boot, config, DEFAULT_SPEC, DEFAULT_OEM_FILE);
    }
}
