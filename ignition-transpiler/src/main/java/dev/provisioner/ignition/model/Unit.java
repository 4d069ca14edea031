package dev.provisioner.ignition.model;

import java.util.List;

/**
 * A systemd unit. {@code enabled} is as the config says it (null: "leave it as its install section says");
 * {@code enable} is Ignition 2.x's older flag, which ct writes as it is (for the config's deprecated key and for the
 * units its sections generate); {@link #effectiveEnabled} is what the two come to.
 */
public record Unit(String name, Boolean enabled, Boolean mask, String contents, List<Dropin> dropins, boolean enable) {

    public Unit {
        dropins = List.copyOf(dropins);
    }

    public Unit(String name, Boolean enabled, Boolean mask, String contents, List<Dropin> dropins) {
        this(name, enabled, mask, contents, dropins, false);
    }

    /** An explicit {@code enabled} wins over {@code enable}. */
    public Boolean effectiveEnabled() {
        return enabled != null ? enabled : enable ? Boolean.TRUE : null;
    }
}
