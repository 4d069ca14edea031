package dev.provisioner.server.core.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One write: who made it (the operator token's name), what (register, replace, change, delete), to which machine,
 * when, and a fingerprint of the machine's document before and after (empty where there was none): enough to tell
 * what changed, and to match a document against it, without copying documents into the log.
 */
public record AuditEntry(Instant time, String actor, String action, String subject, Optional<String> before,
                         Optional<String> after) {

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
    }
}
