package dev.provisioner.ignition.model;

import java.util.List;

/** A filesystem to create; {@code path} is where it is mounted, which 3.x needs to place files on it. */
public record Filesystem(String name, String device, String format, Boolean wipeFilesystem, String label, String uuid,
                         List<String> options, String path, List<String> mountOptions) {

    public Filesystem {
        options = List.copyOf(options);
        mountOptions = List.copyOf(mountOptions);
    }
}
