package dev.provisioner.server.core.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last writes in memory (bounded), each also one {@code audit:} line on the log, which is what outlives them. */
public final class RecentAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(RecentAuditLog.class);

    private final int capacity;
    private final Deque<AuditEntry> entries = new ArrayDeque<>();

    public RecentAuditLog(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(AuditEntry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
        LOG.info("audit: {} {} {} before={} after={}", entry.actor(), entry.action(), entry.subject(),
                entry.before().orElse("none"), entry.after().orElse("none"));
    }

    @Override
    public synchronized List<AuditEntry> recent(int limit) {
        List<AuditEntry> all = new ArrayList<>(entries);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }
}
