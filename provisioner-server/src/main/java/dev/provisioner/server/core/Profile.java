package dev.provisioner.server.core;

import dev.provisioner.ignition.Transpiler;
import java.util.Objects;
import java.util.Optional;

/**
 * A named way to boot: the kernel, initrds and arguments; the config template under {@code configs/}, the Ignition
 * spec it is rendered to and how it is packed into the machine's OEM archive; and the swarm role, if machines of
 * this profile join the swarm, with when they may enroll.
 */
public record Profile(String id, BootSpec boot, Optional<String> config, String ignitionSpec, OemFormat oem,
                      Optional<SwarmRole> swarmRole, EnrollMode enroll) {

    public static final String DEFAULT_SPEC = Transpiler.DEFAULT_SPEC;

    public Profile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(boot, "boot");
        config = config == null ? Optional.empty() : config;
        ignitionSpec = ignitionSpec == null ? DEFAULT_SPEC : ignitionSpec;
        oem = oem == null ? OemFormat.FLATCAR : oem;
        swarmRole = swarmRole == null ? Optional.empty() : swarmRole;
        enroll = enroll == null ? EnrollMode.EVERY_BOOT : enroll;
    }

    public Profile(String id, BootSpec boot, Optional<String> config, String ignitionSpec, OemFormat oem,
                   Optional<SwarmRole> swarmRole) {
        this(id, boot, config, ignitionSpec, oem, swarmRole, EnrollMode.EVERY_BOOT);
    }

    public Profile(String id, BootSpec boot, Optional<String> config) {
        this(id, boot, config, DEFAULT_SPEC, OemFormat.FLATCAR, Optional.empty());
    }
}
