package dev.provisioner.server.core.lifecycle;

import dev.provisioner.server.core.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the boots each machine starts without reaching its goal: the {@code boots}-th within {@code within} trips
 * the guard. Only registered machines are counted, and a machine's count ends with its goal or its trip, so the
 * memory it takes is bounded by the inventory.
 */
public final class BootLoopGuard {

    private final int boots;
    private final Duration within;
    private final Map<MacAddress, Deque<Instant>> starts = new HashMap<>();

    /** @param boots 0: never trips */
    public BootLoopGuard(int boots, Duration within) {
        if (boots < 0 || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the boot-loop guard needs boots >= 0 and a positive period");
        }
        this.boots = boots;
        this.within = within;
    }

    /** A boot started; true when it is one too many: the count then starts again. */
    public synchronized boolean started(MacAddress mac, Instant at) {
        if (boots == 0) {
            return false;
        }
        Deque<Instant> recent = starts.computeIfAbsent(mac, m -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(at.minus(within))) {
            recent.removeFirst();
        }
        recent.addLast(at);
        if (recent.size() >= boots) {
            starts.remove(mac);
            return true;
        }
        return false;
    }

    public synchronized void reached(MacAddress mac) {
        starts.remove(mac);
    }

    /** For the message: "5 boots within PT30M". */
    public String limit() {
        return boots + " boots within " + within.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
