package dev.provisioner.server.core;

import dev.provisioner.ignition.Transpiler;
import java.util.Objects;
import java.util.Optional;

/**
 * A named way to boot: the kernel, initrds and arguments; the config template under {@code configs/}, the Ignition
 * spec it is rendered to and how it is packed into the machine's OEM archive; and the swarm role, if machines of
 * this profile join the swarm, with when they may enroll; and the iPXE build x86 UEFI firmware loads first
 * ({@code ipxe.efi}, or {@code snponly.efi} for NICs whose UEFI driver iPXE should use).
 */
public record Profile(String id, BootSpec boot, Optional<String> config, String ignitionSpec, OemFormat oem,
                      Optional<SwarmRole> swarmRole, EnrollMode enroll, String efiLoader, LocalBoot localBoot) {

    /** The x86 UEFI builds of Debian's {@code ipxe} package. */
    public static final java.util.Set<String> EFI_LOADERS = java.util.Set.of("ipxe.efi", "snponly.efi");

    public static final String DEFAULT_SPEC = Transpiler.DEFAULT_SPEC;

    public Profile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(boot, "boot");
        config = config == null ? Optional.empty() : config;
        ignitionSpec = ignitionSpec == null ? DEFAULT_SPEC : ignitionSpec;
        oem = oem == null ? OemFormat.FLATCAR : oem;
        swarmRole = swarmRole == null ? Optional.empty() : swarmRole;
        enroll = enroll == null ? EnrollMode.EVERY_BOOT : enroll;
        efiLoader = efiLoader == null ? "ipxe.efi" : efiLoader;
        localBoot = localBoot == null ? LocalBoot.EXIT : localBoot;
    }

    public Profile(String id, BootSpec boot, Optional<String> config, String ignitionSpec, OemFormat oem,
                   Optional<SwarmRole> swarmRole, EnrollMode enroll, String efiLoader) {
        this(id, boot, config, ignitionSpec, oem, swarmRole, enroll, efiLoader, null);
    }

    public Profile(String id, BootSpec boot, Optional<String> config, String ignitionSpec, OemFormat oem,
                   Optional<SwarmRole> swarmRole, EnrollMode enroll) {
        this(id, boot, config, ignitionSpec, oem, swarmRole, enroll, null);
    }

    public Profile(String id, BootSpec boot, Optional<String> config, String ignitionSpec, OemFormat oem,
                   Optional<SwarmRole> swarmRole) {
        this(id, boot, config, ignitionSpec, oem, swarmRole, EnrollMode.EVERY_BOOT, null);
    }

    public Profile(String id, BootSpec boot, Optional<String> config) {
        this(id, boot, config, DEFAULT_SPEC, OemFormat.FLATCAR, Optional.empty());
    }
}
