package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the verifier made of one swarm node: where it stands, the machine it belongs to (or claims to, by its
 * hostname), why, and what must be done to it now.
 */
public record NodeVerdict(SwarmMember node, Standing standing, Optional<MacAddress> machine, String reason,
                          Set<Action> actions) {

    public enum Standing {
        /** Its address enrolled for the registered machine of its hostname, in the boot that made it. */
        VERIFIED,
        /** A manager that no boot made: the swarm's own, made by whoever holds manager access. */
        FOUNDER,
        /** Labelled trusted by an operator with manager access. */
        TRUSTED,
        /** No enrollment matches it: drained, and removed once the grace period is over. */
        QUARANTINED
    }

    public enum Action {
        /** Write on the node that it is verified for its machine. */
        MARK_VERIFIED,
        /** Make it active again and drop the quarantine mark. */
        RELEASE,
        /** Make it a manager: its machine's profile says so. */
        PROMOTE,
        /** Drain it and mark when. */
        QUARANTINE,
        /** Remove it from the swarm. */
        REMOVE
    }

    /** The actions in the order they are declared, which is the order they are carried out and recorded in. */
    public NodeVerdict {
        actions = actions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(actions));
    }
}
