package dev.provisioner.server.core;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Registering, replacing, changing and deleting machines, with the machine rules applied to every write. The API
 * maps HTTP onto this; discovery's adoption and the UI call the same methods, so no path can skip a rule.
 */
public final class Inventory {

    private final MachineStore machines;
    private final MachineRules rules;

    public Inventory(MachineStore machines, ProfileCatalog profiles) {
        this.machines = machines;
        this.rules = new MachineRules(id -> profiles.get(id).isPresent());
    }

    public Optional<Machine> get(MacAddress mac) {
        return machines.get(mac);
    }

    /** Ordered by MAC. */
    public List<Machine> list() {
        return machines.list();
    }

    /** @throws MachineExistsException when the MAC is taken */
    public Machine register(Machine machine) {
        rules.check(machine);
        machines.create(machine);
        return machine;
    }

    /** Returns true when the machine was new. */
    public boolean replace(Machine machine) {
        rules.check(machine);
        return machines.put(machine);
    }

    /**
     * Applies {@code change} to the stored machine, atomically with respect to other writes; the result must follow
     * the rules and keep its MAC.
     *
     * @throws MachineNotFoundException when there is no such machine
     */
    public Machine change(MacAddress mac, UnaryOperator<Machine> change) {
        return machines.update(mac, current -> {
            Machine changed = change.apply(current);
            if (!changed.mac().equals(mac)) {
                throw new InvalidMachineException(List.of(new Violation("mac", "cannot be changed; register the new MAC")));
            }
            rules.check(changed);
            return changed;
        }).orElseThrow(() -> new MachineNotFoundException(mac));
    }

    /** @throws MachineNotFoundException when there is no such machine */
    public void delete(MacAddress mac) {
        if (!machines.delete(mac)) {
            throw new MachineNotFoundException(mac);
        }
    }
}
