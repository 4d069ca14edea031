package dev.provisioner.server.core.links;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.trust.Proof;
import java.util.Optional;

/** A per-machine name as {@link MachineLinks#parse} reads it back. */
public sealed interface Requested {

    record PxelinuxConfig(MacAddress mac) implements Requested {
    }

    /** The layout the name's suffix asks for, which must be the one the machine's profile packs. */
    record OemArchive(MacAddress mac, OemFormat.Layout layout, Optional<Proof> proof) implements Requested {
    }

    /**
     * A file under {@code assets/} (or, over TFTP, a first file under {@code tftpboot/}), attributed to the machine
     * that the name carries, if any.
     */
    record Asset(String path, Optional<MacAddress> mac) implements Requested {
    }
}
