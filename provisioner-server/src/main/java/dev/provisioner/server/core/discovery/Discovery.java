package dev.provisioner.server.core.discovery;

import dev.provisioner.server.core.LeastRecentlyUsed;
import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.core.timeline.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches the boot events on their way to the timeline for machines that ask to boot without being registered, and
 * keeps what they said about themselves until an operator adopts them. Bounded twice: a number of machines (the
 * least recently seen is forgotten first, so a flood of invented MACs pushes out only other strays) and an age
 * (a machine not seen for {@code forgetAfter} is gone). Kept in memory: a stray that still exists asks again.
 */
public final class Discovery implements Timeline {

    private final Timeline timeline;
    private final MachineStore machines;
    private final Duration forgetAfter;
    private final Clock clock;
    private final Map<MacAddress, DiscoveredMachine> seen;

    public Discovery(Timeline timeline, MachineStore machines, int maxMachines, Duration forgetAfter, Clock clock) {
        if (maxMachines < 1 || forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new IllegalArgumentException("discovery needs machines >= 1 and a positive forgetAfter");
        }
        this.timeline = timeline;
        this.machines = machines;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
        this.seen = LeastRecentlyUsed.map(maxMachines);
    }

    @Override
    public void record(BootEvent event) {
        timeline.record(event);
        // the swarm and the inventory are not the machine asking
        if (event.machine().mac().isEmpty() || event.transport() == Transport.SWARM
                || event.transport() == Transport.INVENTORY) {
            return;
        }
        MacAddress mac = event.machine().mac().get();
        if (machines.get(mac).isPresent()) {
            return;
        }
        synchronized (seen) {
            seen.merge(mac, DiscoveredMachine.first(mac, event.machine(), event.time()),
                    (before, now) -> before.seenAgain(event.machine(), event.time()));
        }
    }

    /** The strays still unregistered, seen within {@code forgetAfter}, most recently seen first. */
    public List<DiscoveredMachine> list() {
        Instant oldest = clock.instant().minus(forgetAfter);
        List<DiscoveredMachine> all;
        synchronized (seen) {
            seen.values().removeIf(machine -> machine.lastSeen().isBefore(oldest));
            all = List.copyOf(seen.values());
        }
        return all.stream().filter(machine -> machines.get(machine.mac()).isEmpty())
                .sorted(Comparator.comparing(DiscoveredMachine::lastSeen).reversed()).toList();
    }

    public Optional<DiscoveredMachine> get(MacAddress mac) {
        return list().stream().filter(machine -> machine.mac().equals(mac)).findFirst();
    }

    /**
     * Registers a discovered machine through the inventory's rules, and forgets it as a stray. Empty when the MAC is
     * not (or no longer) a discovered machine; the inventory's exceptions when the machine breaks its rules.
     */
    public Optional<Machine> adopt(String actor, Machine machine, Inventory inventory) {
        if (get(machine.mac()).isEmpty()) {
            return Optional.empty();
        }
        Machine adopted = inventory.register(actor, machine);
        synchronized (seen) {
            seen.remove(machine.mac());
        }
        return Optional.of(adopted);
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        return timeline.of(mac);
    }
}
