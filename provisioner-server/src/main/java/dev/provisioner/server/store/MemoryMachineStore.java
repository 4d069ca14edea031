package dev.provisioner.server.store;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineExistsException;
import dev.provisioner.server.core.MachineStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Machines in memory only: for tests, and for trying the server out without writing anything. Reads need no lock;
 * writes take one, so that an update's change runs exactly once on the current machine.
 */
public final class MemoryMachineStore implements MachineStore {

    private final ConcurrentSkipListMap<MacAddress, Machine> machines = new ConcurrentSkipListMap<>();
    private final ReentrantLock writes = new ReentrantLock();

    @Override
    public Optional<Machine> get(MacAddress mac) {
        return Optional.ofNullable(machines.get(mac));
    }

    @Override
    public List<Machine> list() {
        return List.copyOf(machines.values());
    }

    @Override
    public void create(Machine machine) {
        writes.lock();
        try {
            if (machines.putIfAbsent(machine.mac(), machine) != null) {
                throw new MachineExistsException(machine.mac());
            }
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean put(Machine machine) {
        writes.lock();
        try {
            return machines.put(machine.mac(), machine) == null;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Optional<Machine> update(MacAddress mac, UnaryOperator<Machine> change) {
        writes.lock();
        try {
            Machine current = machines.get(mac);
            if (current == null) {
                return Optional.empty();
            }
            Machine changed = change.apply(current);
            machines.put(mac, changed);
            return Optional.of(changed);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean delete(MacAddress mac) {
        writes.lock();
        try {
            return machines.remove(mac) != null;
        } finally {
            writes.unlock();
        }
    }
}
