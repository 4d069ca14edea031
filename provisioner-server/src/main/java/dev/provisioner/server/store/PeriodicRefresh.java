package dev.provisioner.server.store;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rereads a directory of the data directory on an executor of the lifecycle's, so hand edits are picked up. */
final class PeriodicRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicRefresh.class);

    record Schedule(Duration every, ScheduledExecutorService executor) {
    }

    private final Runnable refresh;
    private final Duration every;
    private final ScheduledExecutorService executor;

    PeriodicRefresh(Runnable refresh, Duration every, ScheduledExecutorService executor) {
        this.refresh = refresh;
        this.every = every;
        this.executor = executor;
    }

    void start() {
        executor.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                // nothing may escape: it would end the schedule, and with it every later reread
                LOG.warn("rereading the data directory failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
}
