package dev.provisioner.server.store;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rereads a directory of the data directory on the lifecycle's executor, so hand edits are picked up. */
final class PeriodicRefresh implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicRefresh.class);

    private final Runnable refresh;
    private final Duration every;
    private final ScheduledExecutorService executor;

    PeriodicRefresh(Runnable refresh, Duration every, ScheduledExecutorService executor) {
        this.refresh = refresh;
        this.every = every;
        this.executor = executor;
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                LOG.warn("rereading the data directory failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
}
