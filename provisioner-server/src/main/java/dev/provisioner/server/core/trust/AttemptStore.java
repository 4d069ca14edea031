package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where boot attempts live: one current attempt per machine, and the armings of machines whose profile enrolls only
 * when armed. Writes are atomic per MAC.
 */
public interface AttemptStore {

    /** The machine's current attempt, live or not. */
    Optional<BootAttempt> current(MacAddress mac);

    /**
     * Replaces the machine's current attempt with what {@code decide} makes of it (given empty when there is none),
     * atomically with respect to other writes for that MAC; {@code decide} runs once.
     */
    void update(MacAddress mac, UnaryOperator<Optional<BootAttempt>> decide);

    /** Arms the machine for one boot that starts before {@code until}. */
    void arm(MacAddress mac, Instant until);

    /** Takes the machine's arming, if it is armed at {@code now}: true once per arming. */
    boolean takeArming(MacAddress mac, Instant now);
}
