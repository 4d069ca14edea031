package dev.provisioner.server.store;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineExistsException;
import dev.provisioner.server.core.MachineStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/** Machines in memory only: for tests, and for trying the server out without writing anything. */
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
    public void create(Machine machine) {
        if (machines.putIfAbsent(machine.mac(), machine) != null) {
            throw new MachineExistsException(machine.mac());
        }
    }

    @Override
    public boolean put(Machine machine) {
        return machines.put(machine.mac(), machine) == null;
    }

    @Override
    public Optional<Machine> update(MacAddress mac, UnaryOperator<Machine> change) {
        return Optional.ofNullable(machines.computeIfPresent(mac, (key, current) -> change.apply(current)));
    }

    @Override
    public boolean delete(MacAddress mac) {
        return machines.remove(mac) != null;
    }
}
