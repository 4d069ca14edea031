package dev.provisioner.server.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent boot timeline of each machine, in memory. Bounded twice over: a number of events per
 * machine, and a number of machines (the least recently seen are forgotten first), so that a flood of
 * unknown MACs cannot exhaust memory.
 */
public final class BootEventLog {

    private final int perMachine;
    private final Map<String, Deque<BootEvent>> byMac;

    public BootEventLog(int perMachine, int machines) {
        this.perMachine = perMachine;
        this.byMac = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<BootEvent>> eldest) {
                return size() > machines;
            }
        };
    }

    public synchronized void add(BootEvent event) {
        Deque<BootEvent> events = byMac.computeIfAbsent(event.mac(), mac -> new ArrayDeque<>());
        if (events.size() == perMachine) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /** Oldest first. */
    public synchronized List<BootEvent> of(MacAddress mac) {
        Deque<BootEvent> events = byMac.get(mac.value());
        return events == null ? List.of() : new ArrayList<>(events);
    }
}
