package dev.provisioner.ignition.model;

import java.util.List;

/** A systemd-networkd unit (.network, .netdev, .link) and its drop-ins. */
public record NetworkdUnit(String name, String contents, List<Dropin> dropins) {

    public NetworkdUnit {
        dropins = List.copyOf(dropins);
    }
}
