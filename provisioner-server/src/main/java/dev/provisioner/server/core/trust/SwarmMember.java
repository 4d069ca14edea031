package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Printable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A swarm node as the verifier sees it, whatever API it was read from. {@code verifiedFor}, {@code quarantinedSince}
 * and {@code promoted} are what earlier passes wrote on the node itself (so they outlive a restart of the server,
 * and only a holder of manager access can write them); {@code trusted} is an operator's word that the node is
 * theirs.
 */
public record SwarmMember(String id, String hostname, String address, boolean manager, State state, boolean drained,
                          Instant created, Optional<MacAddress> verifiedFor, Optional<Instant> quarantinedSince,
                          boolean promoted, boolean trusted) {

    public enum State { READY, DOWN, OTHER }

    public SwarmMember {
        Objects.requireNonNull(id, "id");
        // what the node says about itself reaches log lines and the API
        hostname = Objects.requireNonNullElse(Printable.clean(hostname), "");
        address = Objects.requireNonNullElse(Printable.clean(address), "");
        Objects.requireNonNull(state, "state");
        created = Objects.requireNonNullElse(created, Instant.EPOCH);
        verifiedFor = verifiedFor == null ? Optional.empty() : verifiedFor;
        quarantinedSince = quarantinedSince == null ? Optional.empty() : quarantinedSince;
    }
}
