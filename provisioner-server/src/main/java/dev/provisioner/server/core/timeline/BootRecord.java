package dev.provisioner.server.core.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One boot of a machine as its steps: each an event named for what it was in the boot ({@code dhcp},
 * {@code boot script}, {@code kernel}, {@code joined}, ...), at {@code at} after the boot's first event, and
 * {@code sincePrevious} after the step before (for the first, zero). A download also has its own duration and size
 * in its event's transfer.
 */
public record BootRecord(Instant started, Instant ended, List<Step> steps) {

    public record Step(String step, BootEvent event, Duration at, Duration sincePrevious) {
    }

    public Duration duration() {
        return Duration.between(started, ended);
    }
}
