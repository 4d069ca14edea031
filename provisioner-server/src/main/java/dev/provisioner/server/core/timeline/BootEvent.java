package dev.provisioner.server.core.timeline;

import dev.provisioner.server.core.MachineIdentity;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a machine's boot timeline: who asked (as it reported itself), for what, over which transport, and
 * what it got. {@code artifact} is the profile the answer came from (scripts, configs, archives) or the asset's path;
 * {@code detail} is for people (the reason of a refusal). {@code time} is when the answer was made, or for a download
 * with a {@code transfer}, when its last byte was sent.
 */
public record BootEvent(Instant time, MachineIdentity machine, ArtifactKind kind, Transport transport, Outcome outcome,
                        String artifact, String detail, Optional<Transfer> transfer) {

    public BootEvent(Instant time, MachineIdentity machine, ArtifactKind kind, Transport transport, Outcome outcome,
                     String artifact, String detail) {
        this(time, machine, kind, transport, outcome, artifact, detail, Optional.empty());
    }

    public BootEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(transfer, "transfer");
    }
}
