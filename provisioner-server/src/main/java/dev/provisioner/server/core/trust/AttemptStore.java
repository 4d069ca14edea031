package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where boot attempts live: one current attempt per machine. Writes are atomic per MAC. */
public interface AttemptStore {

    /** The machine's current attempt, live or not. */
    Optional<BootAttempt> current(MacAddress mac);

    /**
     * Replaces the machine's current attempt with what {@code decide} makes of it (given empty when there is none),
     * atomically with respect to other writes for that MAC; {@code decide} runs once.
     */
    void update(MacAddress mac, UnaryOperator<Optional<BootAttempt>> decide);
}
