package dev.provisioner.server.dhcp;

import dev.provisioner.server.core.LeastRecentlyUsed;
import dev.provisioner.server.core.MacAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * At most {@code answers} boot requests answered per MAC per {@code window}, so that one looping client cannot keep
 * the server busy; remembers a bounded number of MACs, the least recently seen forgotten first. A client forging a
 * new MAC for each request is not held by this.
 */
final class PerMacLimit {

    private record Window(Instant start, int used) {
    }

    private final int answers;
    private final Duration window;
    private final Clock clock;
    private final Map<MacAddress, Window> windows;

    PerMacLimit(int answers, Duration window, int macs, Clock clock) {
        this.answers = answers;
        this.window = window;
        this.clock = clock;
        this.windows = LeastRecentlyUsed.map(macs);
    }

    synchronized boolean allow(MacAddress mac) {
        Instant now = clock.instant();
        Window current = windows.get(mac);
        if (current == null || !now.isBefore(current.start().plus(window))) {
            windows.put(mac, new Window(now, 1));
            return true;
        }
        if (current.used() >= answers) {
            return false;
        }
        windows.put(mac, new Window(current.start(), current.used() + 1));
        return true;
    }
}
