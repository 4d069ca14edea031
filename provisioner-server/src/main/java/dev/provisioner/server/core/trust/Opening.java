package dev.provisioner.server.core.trust;

/** What asking to boot came to: a new (or renewed) attempt, or a conflict with a live one from elsewhere. */
public sealed interface Opening {

    record Opened(BootAttempt attempt) implements Opening {
    }

    record Conflict(BootAttempt live, String source) implements Opening {
    }
}
