package dev.provisioner.server.core.audit;

import java.util.List;

/** Where writes are recorded. The in-memory one keeps the recent past; a persistent one comes with etcd. */
public interface AuditLog {

    void record(AuditEntry entry);

    /** The most recent entries, oldest first. */
    List<AuditEntry> recent(int limit);
}
