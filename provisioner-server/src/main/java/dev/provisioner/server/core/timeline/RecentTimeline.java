package dev.provisioner.server.core.timeline;

import dev.provisioner.server.core.LeastRecentlyUsed;
import dev.provisioner.server.core.MacAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The recent boot timeline of each machine, in memory. Bounded twice over: a number of events per machine, and a
 * number of machines (the least recently seen are forgotten first), so that a flood of unknown MACs cannot exhaust
 * memory. Events of requests that named no valid MAC are not kept: there is no machine to file them under.
 */
public final class RecentTimeline implements Timeline {

    private final int perMachine;
    private final Map<MacAddress, Deque<BootEvent>> byMac;

    public RecentTimeline(int perMachine, int maxMachines) {
        this.perMachine = perMachine;
        this.byMac = LeastRecentlyUsed.map(maxMachines);
    }

    @Override
    public synchronized void record(BootEvent event) {
        if (event.machine().mac().isEmpty()) {
            return;
        }
        Deque<BootEvent> events = byMac.computeIfAbsent(event.machine().mac().get(), mac -> new ArrayDeque<>());
        if (events.size() == perMachine) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    @Override
    public synchronized List<BootEvent> of(MacAddress mac) {
        Deque<BootEvent> events = byMac.get(mac);
        return events == null ? List.of() : new ArrayList<>(events);
    }
}
