package dev.provisioner.ignition.model;

import java.util.List;

public record Raid(String name, String level, List<String> devices, Long spares, List<String> options) {

    public Raid {
        devices = List.copyOf(devices);
        options = List.copyOf(options);
    }
}
