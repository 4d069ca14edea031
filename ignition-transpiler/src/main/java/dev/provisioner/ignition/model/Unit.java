package dev.provisioner.ignition.model;

import java.util.List;

/** A systemd unit; {@code enabled} null means "leave it as its install section says". */
public record Unit(String name, Boolean enabled, Boolean mask, String contents, List<Dropin> dropins) {

    public Unit {
        dropins = List.copyOf(dropins);
    }
}
