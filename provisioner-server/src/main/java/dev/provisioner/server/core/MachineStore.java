package dev.provisioner.server.core;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where registered machines live. Implementations serialize writes and make each one atomic;
 * reads never see a half-written machine.
 */
public interface MachineStore {

    Optional<Machine> get(MacAddress mac);

    /** Every machine, ordered by MAC. */
    List<Machine> list();

    /** Stores a new machine; throws {@link MachineExistsException} if the MAC is taken. */
    void create(Machine machine);

    /** Stores the machine, replacing any previous one; returns true when it was new. */
    boolean put(Machine machine);

    /**
     * Replaces the machine with {@code change} applied to it, atomically with respect to other writes.
     * Returns empty when no such machine exists.
     */
    Optional<Machine> update(MacAddress mac, UnaryOperator<Machine> change);

    /** Returns false when no such machine existed. */
    boolean delete(MacAddress mac);
}
