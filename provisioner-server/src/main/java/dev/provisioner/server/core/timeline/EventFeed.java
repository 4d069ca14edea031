package dev.provisioner.server.core.timeline;

import dev.provisioner.server.core.MacAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands every event on its way to the timeline to whoever streams them live, through a bounded queue: recording an
 * event never waits for a reader, and when the readers fall {@code capacity} events behind, the newest are dropped
 * and counted rather than held.
 */
public final class EventFeed implements Timeline {

    private final Timeline timeline;
    private final BlockingQueue<BootEvent> queue;
    private final AtomicLong dropped = new AtomicLong();

    public EventFeed(Timeline timeline, int capacity) {
        this.timeline = timeline;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void record(BootEvent event) {
        timeline.record(event);
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** The next event, waiting at most {@code wait}; empty when none came. */
    public Optional<BootEvent> next(Duration wait) throws InterruptedException {
        return Optional.ofNullable(queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Events the live readers missed since the start. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        return timeline.of(mac);
    }
}
