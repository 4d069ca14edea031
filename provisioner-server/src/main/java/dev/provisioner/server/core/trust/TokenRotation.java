package dev.provisioner.server.core.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the worker join token is rotated: once enrollments have settled, {@code settle} after the last one, and once
 * per wave of them. A token that leaked from an enrollment then dies soon, and no machine that is still on its way
 * in loses the token it was given.
 */
public final class TokenRotation {

    private final Supplier<Optional<Instant>> lastEnrollment;
    private final Duration settle;
    private final Clock clock;
    private volatile Instant lastRotation;

    public TokenRotation(Supplier<Optional<Instant>> lastEnrollment, Duration settle, Clock clock) {
        this.lastEnrollment = lastEnrollment;
        this.settle = settle;
        this.clock = clock;
    }

    public boolean due() {
        Optional<Instant> enrolled = lastEnrollment.get();
        return enrolled.isPresent() && !clock.instant().isBefore(enrolled.get().plus(settle))
                && (lastRotation == null || lastRotation.isBefore(enrolled.get()));
    }

    public void rotated() {
        lastRotation = clock.instant();
    }

    public Duration settle() {
        return settle;
    }
}
