package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Boot attempts and the URLs signed for them. A machine that asks again from the address of its live attempt before
 * it enrolled is the same boot (its DHCP, then its script, or a retry) and keeps it; after enrolling, asking again
 * opens a new one (it rebooted). One asking from another address while that attempt is live is a conflict, and
 * stays one, for both askers and past the attempt's expiry, until an operator clears it: a network-booting machine
 * has no secret of its own, so a second asker is either an impostor or the real machine moved, and only an operator
 * can tell which.
 */
public final class Attempts {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AttemptStore store;
    private final AttemptSigner signer;
    private final Duration lifetime;
    private final RunningNodes running;
    private final Clock clock;
    private volatile Instant lastEnrollment;

    public Attempts(AttemptStore store, AttemptSigner signer, Duration lifetime, RunningNodes running, Clock clock) {
        this.store = store;
        this.signer = signer;
        this.lifetime = lifetime;
        this.running = running;
        this.clock = clock;
    }

    /**
     * Opens the machine's boot attempt, or finds it open: asking again from the attempt's address before it enrolled
     * (a DHCP exchange, then the boot script) is the same boot. Any other opening starts a new attempt, whose URLs
     * replace the old one's.
     *
     * @param guarded whether what the attempt unlocks is secret: only then is a live attempt from another address a
     *                conflict; otherwise the new address simply takes over (a diskless machine whose DHCP lease
     *                changed must not be kept from booting a config anyone may read); and only then is asking while
     *                the machine's verified swarm node is up a conflict
     * @param armedOnly whether the machine may only boot when an operator armed it: the arming is then spent
     */
    public Opening open(MacAddress mac, String source, boolean guarded, boolean armedOnly) {
        Instant now = clock.instant();
        boolean nodeRunning = guarded && running.running(mac);
        Opening[] result = new Opening[1];
        store.update(mac, current -> {
            if (guarded && current.isPresent() && current.get().conflictFrom().isPresent()) {
                result[0] = new Opening.Conflict(current.get(), source);
                return current;
            }
            if (current.isPresent() && current.get().liveAt(now) && current.get().source().equals(source)
                    && current.get().enrolled().isEmpty() && current.get().conflictFrom().isEmpty() && !nodeRunning
                    && (current.get().armed() || !armedOnly)) {
                // the same boot asking again (its DHCP, then its script): one attempt, one arming, one credential
                result[0] = new Opening.Opened(current.get());
                return current;
            }
            if (armedOnly && !store.takeArming(mac, now)) {
                result[0] = new Opening.NotArmed();
                return current;
            }
            if (nodeRunning) {
                BootAttempt held = new BootAttempt(newId(), mac, source, now, now.plus(lifetime), Optional.of(source),
                        Optional.empty(), armedOnly);
                result[0] = new Opening.NodeRunning();
                return Optional.of(held);
            }
            if (guarded && current.isPresent() && current.get().liveAt(now) && !current.get().source().equals(source)) {
                BootAttempt conflicted = current.get().inConflictWith(source);
                result[0] = new Opening.Conflict(conflicted, source);
                return Optional.of(conflicted);
            }
            BootAttempt attempt = new BootAttempt(newId(), mac, source, now, now.plus(lifetime), Optional.empty(),
                    Optional.empty(), armedOnly);
            result[0] = new Opening.Opened(attempt);
            return Optional.of(attempt);
        });
        return result[0];
    }

    /** Lets the machine boot (and enroll) once, within the attempt lifetime; returns until when. */
    public Instant arm(MacAddress mac) {
        Instant until = clock.instant().plus(lifetime);
        store.arm(mac, until);
        return until;
    }

    /** The machine's current attempt, live or not. */
    public Optional<BootAttempt> current(MacAddress mac) {
        return store.current(mac);
    }

    /**
     * Ends the machine's attempt and any conflict, so that the next one may come from anywhere. Returns whether
     * there was a live attempt or a conflict to end.
     */
    public boolean clear(MacAddress mac) {
        Instant now = clock.instant();
        boolean[] ended = new boolean[1];
        store.update(mac, current -> {
            ended[0] = current.isPresent() && (current.get().liveAt(now) || current.get().conflictFrom().isPresent());
            return Optional.empty();
        });
        return ended[0];
    }

    /** The query a signed URL of the attempt carries, without the leading {@code ?} or {@code &}. */
    public Proof proof(BootAttempt attempt) {
        long expires = attempt.expires().getEpochSecond();
        return new Proof(attempt.id(), String.valueOf(expires), signer.sign(attempt.id(), attempt.mac(), expires));
    }

    /**
     * Why {@code proof} does not let {@code source} fetch the machine's secret-bearing artifacts now, or empty when
     * it does: the signature must be the server's for this machine and attempt, the attempt the machine's current
     * one and not expired, and the asker at the attempt's address.
     */
    public Optional<String> refusal(MacAddress mac, String source, Optional<Proof> proof) {
        if (proof.isEmpty()) {
            return Optional.of("the config carries secrets: fetch it through the signed URL of the machine's boot script");
        }
        long expires;
        try {
            expires = Long.parseLong(proof.get().expires());
        } catch (NumberFormatException e) {
            return Optional.of("the URL's signature is not valid");
        }
        if (!signer.verify(proof.get().attempt(), mac, expires, proof.get().signature())) {
            return Optional.of("the URL's signature is not valid");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expires))) {
            return Optional.of("the boot attempt expired; the machine must boot again");
        }
        Optional<BootAttempt> current = store.current(mac).filter(a -> a.id().equals(proof.get().attempt()));
        if (current.isEmpty()) {
            return Optional.of("the URL belongs to an attempt that is over; the machine must boot again");
        }
        if (current.get().conflictFrom().isPresent()) {
            return Optional.of("the machine's boot is in conflict; an operator must clear it");
        }
        if (!current.get().source().equals(source)) {
            return Optional.of("the boot attempt is bound to another address");
        }
        return Optional.empty();
    }

    /**
     * The attempt's enrollment credential: its machine and id, and an HMAC of both under the server's key (256 bits
     * no one without the key can make). Nothing of it is stored: it is made again to be checked, and the attempt
     * records that it was spent.
     */
    public String credential(BootAttempt attempt) {
        return attempt.mac().hyphenated() + "." + attempt.id() + "." + signer.enrollment(attempt.id(), attempt.mac());
    }

    /**
     * Spends a credential, once, from the address of its attempt (where the config carrying it was fetched from):
     * unknown, forged, expired, spent or conflicted ones, and any from elsewhere, are refused with the reason.
     */
    public Redemption redeem(String credential, String source) {
        String[] parts = credential == null ? new String[0] : credential.split("\\.", -1);
        Optional<MacAddress> mac = parts.length == 3 ? MacAddress.parse(parts[0]) : Optional.empty();
        if (mac.isEmpty() || !signer.verifyEnrollment(parts[1], mac.get(), parts[2])) {
            return new Redemption.Refused(mac, "not an enrollment credential of this server");
        }
        Instant now = clock.instant();
        Redemption[] result = new Redemption[1];
        store.update(mac.get(), current -> {
            if (current.isEmpty() || !current.get().id().equals(parts[1])) {
                result[0] = new Redemption.Refused(mac, "the credential belongs to a boot attempt that is over");
            } else if (current.get().conflictFrom().isPresent()) {
                result[0] = new Redemption.Refused(mac, "the machine's boot is in conflict; an operator must clear it");
            } else if (!current.get().liveAt(now)) {
                result[0] = new Redemption.Refused(mac, "the credential expired at " + current.get().expires());
            } else if (!current.get().source().equals(source)) {
                result[0] = new Redemption.Refused(mac, "the credential's boot attempt is bound to another address");
            } else if (current.get().enrolled().isPresent()) {
                result[0] = new Redemption.Refused(mac, "the credential was already used at " + current.get().enrolled().get());
            } else {
                BootAttempt spent = current.get().enrolledAt(now);
                result[0] = new Redemption.Redeemed(spent);
                lastEnrollment = now;
                return Optional.of(spent);
            }
            return current;
        });
        return result[0];
    }

    /** When a credential was last spent, since the start: what the worker token's rotation waits to settle. */
    public Optional<Instant> lastEnrollment() {
        return Optional.ofNullable(lastEnrollment);
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
