package dev.provisioner.server.store;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineExistsException;
import dev.provisioner.server.core.MachineStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * Machines in memory only: for tests, and for trying the server out without writing anything. Reads need no lock;
 * writes are serialized, so that an update's change runs exactly once, on the current machine.
 */
public final class MemoryMachineStore implements MachineStore {

    private final ConcurrentSkipListMap<MacAddress, Machine> machines = new ConcurrentSkipListMap<>();

    @Override
    public Optional<Machine> get(MacAddress mac) {
        return Optional.ofNullable(machines.get(mac));
    }

    @Override
    public List<Machine> list() {
        return List.copyOf(machines.values());
    }

    @Override
    public synchronized void create(Machine machine) {
        if (machines.putIfAbsent(machine.mac(), machine) != null) {
            throw new MachineExistsException(machine.mac());
        }
    }

    @Override
    public synchronized boolean put(Machine machine) {
        return machines.put(machine.mac(), machine) == null;
    }

    @Override
    public synchronized Optional<Machine> update(MacAddress mac, UnaryOperator<Machine> change) {
        Machine current = machines.get(mac);
        if (current == null) {
            return Optional.empty();
        }
        Machine changed = change.apply(current);
        machines.put(mac, changed);
        return Optional.of(changed);
    }

    @Override
    public synchronized boolean delete(MacAddress mac) {
        return machines.remove(mac) != null;
    }
}
