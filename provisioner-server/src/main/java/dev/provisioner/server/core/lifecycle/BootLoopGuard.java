package dev.provisioner.server.core.lifecycle;

import dev.provisioner.server.core.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the boots each machine starts without reaching its goal: a start after {@code boots} of them within
 * {@code within} trips the guard. A start less than {@link #SAME_BOOT} (or two retry delays, if longer) after the
 * request before is the same boot (iPXE retrying its script after a failed download or a refusal, as long as it keeps
 * retrying), not another. Only registered machines are counted, and a machine's
 * count ends with its goal or its trip, so the memory it takes is bounded by the inventory.
 */
public final class BootLoopGuard {

    /** Shorter than any real reboot (firmware, PXE, a kernel). */
    static final Duration SAME_BOOT = Duration.ofSeconds(60);

    private final int boots;
    private final Duration within;
    private final Duration sameBoot;
    private final Map<MacAddress, Deque<Instant>> starts = new HashMap<>();
    /** The last request that started or continued a boot, counted or not. */
    private final Map<MacAddress, Instant> lastStart = new HashMap<>();

    /**
     * @param boots      0: never trips
     * @param retryDelay how long a refused boot's script waits before it asks again: two of them apart is still the
     *                   same boot, if that is longer than {@link #SAME_BOOT}
     */
    public BootLoopGuard(int boots, Duration within, Duration retryDelay) {
        if (boots < 0 || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the boot-loop guard needs boots >= 0 and a positive period");
        }
        this.boots = boots;
        this.within = within;
        Duration retries = retryDelay.multipliedBy(2);
        this.sameBoot = retries.compareTo(SAME_BOOT) > 0 ? retries : SAME_BOOT;
    }

    /** A boot started; true when it is one too many: the count then starts again. */
    public synchronized boolean started(MacAddress mac, Instant at) {
        if (boots == 0) {
            return false;
        }
        Instant previous = lastStart.put(mac, at);
        if (previous != null && previous.isAfter(at.minus(sameBoot))) {
            return false;
        }
        Deque<Instant> recent = starts.computeIfAbsent(mac, m -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(at.minus(within))) {
            recent.removeFirst();
        }
        recent.addLast(at);
        if (recent.size() > boots) {
            starts.remove(mac);
            lastStart.remove(mac);
            return true;
        }
        return false;
    }

    public synchronized void reached(MacAddress mac) {
        starts.remove(mac);
        lastStart.remove(mac);
    }

    /** For the message: "5 boots within 30m". */
    public String limit() {
        return boots + " boots within " + within.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
