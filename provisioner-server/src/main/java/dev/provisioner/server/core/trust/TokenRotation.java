package dev.provisioner.server.core.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the worker join token is rotated: once enrollments have settled, {@code settle} after the last one, once per
 * wave of them, and again once a node joined with a token no enrollment accounts for (it leaked). A leaked token then
 * dies soon, and no machine that is still on its way in loses the token it was given.
 */
public final class TokenRotation {

    private final Supplier<Optional<Instant>> lastEnrollment;
    private final Duration settle;
    private final Clock clock;
    private volatile Instant lastRotation;
    private volatile Instant lastLeak;

    public TokenRotation(Supplier<Optional<Instant>> lastEnrollment, Duration settle, Clock clock) {
        this.lastEnrollment = lastEnrollment;
        this.settle = settle;
        this.clock = clock;
    }

    public boolean due() {
        Optional<Instant> enrolled = lastEnrollment.get();
        if (enrolled.isPresent() && clock.instant().isBefore(enrolled.get().plus(settle))) {
            return false;
        }
        Optional<Instant> since = Optional.ofNullable(lastRotation);
        return enrolled.filter(e -> since.isEmpty() || since.get().isBefore(e)).isPresent()
                || Optional.ofNullable(lastLeak).filter(l -> since.isEmpty() || since.get().isBefore(l)).isPresent();
    }

    /** A node joined with a token that no enrollment accounts for: rotate once enrollments have settled. */
    public void leaked() {
        lastLeak = clock.instant();
    }

    public void rotated() {
        lastRotation = clock.instant();
    }

    public Duration settle() {
        return settle;
    }
}
