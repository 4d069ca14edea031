package dev.provisioner.server.core.trust;

/**
 * What asking to boot came to: a new (or renewed) attempt, a conflict with a live one from elsewhere, or a conflict
 * with the machine's own verified swarm node, which is up.
 */
public sealed interface Opening {

    record Opened(BootAttempt attempt) implements Opening {
    }

    record Conflict(BootAttempt live, String source) implements Opening {
    }

    /** The machine's profile enrolls only when armed, and no operator armed it for this boot. Nothing changed. */
    record NotArmed() implements Opening {
    }

    /**
     * The machine's verified node is Ready: a running machine does not network-boot. The asker's attempt is stored in
     * conflict, so that nothing is handed out until an operator clears it.
     */
    record NodeRunning() implements Opening {
    }
}
