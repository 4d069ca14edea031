package dev.provisioner.server.core;

import dev.provisioner.server.core.links.AssetLink;
import java.util.List;
import java.util.Optional;

/**
 * Everything a machine needs to boot, independent of the boot loader that will be told about it. The machine is
 * empty when an unregistered machine boots the default profile; the MAC too when the asker is not known at all
 * ({@code pxelinux.cfg/default}).
 */
public record BootPlan(Optional<MacAddress> mac, Optional<Machine> machine, Profile profile, AssetLink kernel,
                       List<AssetLink> initrds, List<String> args) {

    public BootPlan {
        initrds = List.copyOf(initrds);
        args = List.copyOf(args);
    }
}
