package dev.provisioner.server.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Registering, replacing, changing and deleting machines, with the machine rules applied to every write. The API
 * maps HTTP onto this; discovery's adoption and the UI call the same methods, so no path can skip a rule. Writes are
 * serialized here, since a rule (a unique hostname) spans machines.
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
    public synchronized Machine register(Machine machine) {
        check(machine);
        machines.create(machine);
        return machine;
    }

    /** Returns true when the machine was new. */
    public synchronized boolean replace(Machine machine) {
        check(machine);
        return machines.put(machine);
    }

    /**
     * Applies {@code change} to the stored machine, atomically with respect to other writes; the result must follow
     * the rules and keep its MAC.
     *
     * @throws MachineNotFoundException when there is no such machine
     */
    public synchronized Machine change(MacAddress mac, UnaryOperator<Machine> change) {
        return machines.update(mac, current -> {
            Machine changed = change.apply(current);
            if (!changed.mac().equals(mac)) {
                throw new InvalidMachineException(List.of(new Violation("mac", "cannot be changed; register the new MAC")));
            }
            check(changed);
            return changed;
        }).orElseThrow(() -> new MachineNotFoundException(mac));
    }

    /** @throws MachineNotFoundException when there is no such machine */
    public synchronized void delete(MacAddress mac) {
        if (!machines.delete(mac)) {
            throw new MachineNotFoundException(mac);
        }
    }

    /**
     * The rules, and a hostname no other machine has: a swarm knows its nodes by hostname, so two machines of one name
     * could not be told apart there (and the reconciler would take one's node for the other's).
     */
    private void check(Machine machine) {
        List<Violation> violations = new ArrayList<>();
        try {
            rules.check(machine);
        } catch (InvalidMachineException e) {
            violations.addAll(e.violations());
        }
        if (machine.hostname() != null) {
            machines.list().stream()
                    .filter(other -> !other.mac().equals(machine.mac()) && machine.hostname().equalsIgnoreCase(other.hostname()))
                    .findFirst()
                    .ifPresent(other -> violations.add(new Violation("hostname", "already the hostname of machine " + other.mac())));
        }
        if (!violations.isEmpty()) {
            throw new InvalidMachineException(violations);
        }
    }
}
