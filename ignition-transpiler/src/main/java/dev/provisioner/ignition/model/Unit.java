package dev.provisioner.ignition.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * This unit with {@code later}'s entry for the same name over it, as ct's two entries for a unit its section
     * generates and the config also names come to: what {@code later} sets wins, drop-ins are kept by name.
     */
    public Unit with(Unit later) {
        Map<String, Dropin> merged = new LinkedHashMap<>();
        dropins.forEach(d -> merged.put(d.name(), d));
        later.dropins().forEach(d -> merged.put(d.name(), d));
        return new Unit(name, later.enabled() != null ? later.enabled() : enabled,
                later.mask() != null ? later.mask() : mask, later.contents() != null ? later.contents() : contents,
                List.copyOf(merged.values()), enable || later.enable());
    }

    /** An explicit {@code enabled} wins over {@code enable}. */
    public Boolean effectiveEnabled() {
        return enabled != null ? enabled : enable ? Boolean.TRUE : null;
    }
}
