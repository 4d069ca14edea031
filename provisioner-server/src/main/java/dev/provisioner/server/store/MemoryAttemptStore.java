package dev.provisioner.server.store;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.trust.AttemptStore;
import dev.provisioner.server.core.trust.BootAttempt;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Boot attempts in memory: one process's. They expire within the attempt lifetime anyway; etcd shares them later. */
public final class MemoryAttemptStore implements AttemptStore {

    private final ConcurrentHashMap<MacAddress, BootAttempt> attempts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MacAddress, Instant> armings = new ConcurrentHashMap<>();

    @Override
    public Optional<BootAttempt> current(MacAddress mac) {
        return Optional.ofNullable(attempts.get(mac));
    }

    @Override
    public void update(MacAddress mac, UnaryOperator<Optional<BootAttempt>> decide) {
        // compute runs the function once, under the key's lock
        attempts.compute(mac, (key, current) -> decide.apply(Optional.ofNullable(current)).orElse(null));
    }

    @Override
    public void arm(MacAddress mac, Instant until) {
        armings.put(mac, until);
    }

    @Override
    public boolean takeArming(MacAddress mac, Instant now) {
        Instant until = armings.remove(mac);
        return until != null && now.isBefore(until);
    }
}
