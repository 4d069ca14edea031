package dev.provisioner.server.core.timeline;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How much a download sent and how long it took, from its request to its last byte, to the microsecond (what the
 * timeline's files keep, so that a rate reads the same after a restart).
 */
public record Transfer(long bytes, Duration took) {

    public Transfer {
        if (bytes < 0 || took.isNegative()) {
            throw new IllegalArgumentException("a transfer has bytes >= 0 and a duration >= 0");
        }
        took = took.truncatedTo(ChronoUnit.MICROS);
    }

    /** Bytes a second; 0 when it took no measurable time. */
    public long bytesPerSecond() {
        long nanos = took.toNanos();
        return nanos == 0 ? 0 : (long) (bytes * 1e9 / nanos);
    }
}
