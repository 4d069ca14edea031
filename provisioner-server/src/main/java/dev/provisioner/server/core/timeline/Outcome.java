package dev.provisioner.server.core.timeline;

/** What the server answered, or, for swarm nodes, what it did. */
public enum Outcome {
    SERVED,
    /** A machine in state {@code local} was sent to its own disk. */
    LOCAL,
    /** A state the server changed (reprovision to local). */
    CHANGED,
    /** The boot-loop guard stopped the machine: state failed. */
    FAILED,
    /**
     * The machine's own data does not render: its profile does not load, or its config or a template is broken. It
     * stays so until they are edited, so a boot that ends here counts for the boot-loop guard.
     */
    BROKEN,
    /** The machine is known but cannot have it now, for a reason outside its data: no swarm, not armed, failed. */
    REFUSED,
    /** Neither registered nor covered by a default profile. */
    NOT_REGISTERED,
    /** An asset the profile names is not on disk. */
    MISSING,
    /** A secret-bearing artifact asked for without a valid signed URL of the machine's attempt, or from elsewhere. */
    FORBIDDEN,
    /** A second boot attempt from another address while the first is live. */
    CONFLICT,
    /** The verified swarm node of the machine's boot is {@code Ready}, as the manager says. */
    JOINED,
    /** A swarm node matched the enrollment of its machine's boot: its address and hostname. */
    VERIFIED,
    /** A verified node of a manager-role machine was made a manager. */
    PROMOTED,
    /** A swarm node no enrollment matches was drained. */
    QUARANTINED,
    /** A quarantined swarm node was removed after the grace period. */
    REMOVED
}
