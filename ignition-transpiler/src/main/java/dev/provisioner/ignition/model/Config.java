package dev.provisioner.ignition.model;

import java.util.List;

/**
 * What a config asks for, independent of the output spec: close to Ignition's own shape, with the 2.x
 * filesystem name kept on each node so that both 2.3.0 and 3.x can be written from it.
 */
public record Config(Origin origin, IgnitionSection ignition, List<Disk> disks, List<Raid> raid, List<Luks> luks,
                     List<Filesystem> filesystems,
                     List<File> files, List<Directory> directories, List<Link> links, List<Unit> units,
                     List<NetworkdUnit> networkdUnits, List<User> users, List<Group> groups,
                     KernelArguments kernelArguments) {

    /** Which kind of input the config came from: its defaults are those of the spec that kind targets. */
    public enum Origin {
        /** Ignition 2.x semantics: files overwrite unless told otherwise. */
        CONTAINER_LINUX_CONFIG,
        /** Ignition 3.x semantics, as written. */
        BUTANE
    }

    /** Kernel arguments Ignition makes sure are there, or not (3.3.0 and later). */
    public record KernelArguments(List<String> shouldExist, List<String> shouldNotExist) {

        public static final KernelArguments NONE = new KernelArguments(List.of(), List.of());

        public KernelArguments {
            shouldExist = List.copyOf(shouldExist);
            shouldNotExist = List.copyOf(shouldNotExist);
        }
    }

    public Config {
        disks = List.copyOf(disks);
        raid = List.copyOf(raid);
        luks = List.copyOf(luks);
        filesystems = List.copyOf(filesystems);
        files = List.copyOf(files);
        directories = List.copyOf(directories);
        links = List.copyOf(links);
        units = List.copyOf(units);
        networkdUnits = List.copyOf(networkdUnits);
        users = List.copyOf(users);
        groups = List.copyOf(groups);
    }
}
