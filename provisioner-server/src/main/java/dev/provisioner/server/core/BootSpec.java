package dev.provisioner.server.core;

import java.util.List;

/** What a profile boots: paths relative to the data directory's {@code assets/}, and kernel arguments. */
public record BootSpec(String kernel, List<String> initrds, List<String> args) {

    public BootSpec {
        initrds = List.copyOf(initrds);
        args = List.copyOf(args);
    }
}
