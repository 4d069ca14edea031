package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MovingClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.store.MemoryAttemptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Boot attempts bound to an address, and the URLs signed for them. */
class AttemptsTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final MacAddress OTHER = MacAddress.parse("52:54:00:12:34:57").orElseThrow();

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Attempts attempts = new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]),
            Duration.ofMinutes(30), RunningNodes.NONE, clock);

    private BootAttempt opened(MacAddress mac, String source) {
        Opening opening = attempts.open(mac, source, true, false);
        assertThat(opening).isInstanceOf(Opening.Opened.class);
        return ((Opening.Opened) opening).attempt();
    }

    @Test
    void aSecondAttemptFromAnotherAddressIsAConflictForBothAskersUntilAnOperatorClearsIt() {
        BootAttempt first = opened(MAC, "10.0.0.5");
        Proof proof = attempts.proof(first);
        // the machine itself asking again, before it enrolled, is the same boot
        BootAttempt renewed = opened(MAC, "10.0.0.5");
        assertThat(renewed).isEqualTo(first);
        assertThat(attempts.open(MAC, "10.0.0.66", true, false)).isEqualTo(new Opening.Conflict(
                renewed.inConflictWith("10.0.0.66"), "10.0.0.66"));
        // from then on nobody gets anything, not even after the attempt's time is up
        assertThat(attempts.open(MAC, "10.0.0.5", true, false)).isInstanceOf(Opening.Conflict.class);
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(attempts.proof(renewed))))
                .contains("the machine's boot is in conflict; an operator must clear it");
        clock.advance(Duration.ofHours(5));
        assertThat(attempts.open(MAC, "10.0.0.66", true, false)).isInstanceOf(Opening.Conflict.class);
        assertThat(attempts.clear(MAC)).isTrue();
        assertThat(opened(MAC, "10.0.0.66").source()).isEqualTo("10.0.0.66");
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(proof))).isPresent();
        // an attempt whose time is up is no conflict: the next boot may come from anywhere
        clock.advance(Duration.ofMinutes(31));
        assertThat(opened(MAC, "10.0.0.5").source()).isEqualTo("10.0.0.5");
        assertThat(attempts.clear(MAC)).isTrue();
        assertThat(attempts.clear(MAC)).isFalse();
    }

    @Test
    void whereNothingSecretIsUnlockedANewAddressSimplyTakesOver() {
        BootAttempt first = opened(MAC, "10.0.0.5");
        Opening moved = attempts.open(MAC, "10.0.0.66", false, false);
        assertThat(moved).isInstanceOfSatisfying(Opening.Opened.class, o -> assertThat(o.attempt().source()).isEqualTo("10.0.0.66"));
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(attempts.proof(first))))
                .contains("the URL belongs to an attempt that is over; the machine must boot again");
    }

    @Test
    void aSignedUrlWorksForItsMachineItsAttemptAndItsAddressUntilItExpires() {
        BootAttempt attempt = opened(MAC, "10.0.0.5");
        Proof proof = attempts.proof(attempt);
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(proof))).isEmpty();
        assertThat(attempts.refusal(MAC, "10.0.0.66", Optional.of(proof))).contains("the boot attempt is bound to another address");
        assertThat(attempts.refusal(OTHER, "10.0.0.5", Optional.of(proof))).contains("the URL's signature is not valid");
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.empty())).hasValueSatisfying(r -> assertThat(r).contains("signed URL"));
        String later = String.valueOf(attempt.expires().getEpochSecond() + 3600);
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(new Proof(proof.attempt(), later, proof.signature()))))
                .contains("the URL's signature is not valid");
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(new Proof(proof.attempt(), "soon", proof.signature()))))
                .contains("the URL's signature is not valid");
        clock.set(attempt.expires());
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(proof))).contains("the boot attempt expired; the machine must boot again");
    }

    @Test
    void aBootAfterTheMachineEnrolledIsANewAttemptThatEndsTheOldOnesUrls() {
        BootAttempt first = opened(MAC, "10.0.0.5");
        Proof old = attempts.proof(first);
        assertThat(attempts.redeem(attempts.credential(first), "10.0.0.5")).isInstanceOf(Redemption.Redeemed.class);
        Proof current = attempts.proof(opened(MAC, "10.0.0.5"));
        assertThat(current.attempt()).isNotEqualTo(old.attempt());
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(old)))
                .contains("the URL belongs to an attempt that is over; the machine must boot again");
        assertThat(attempts.refusal(MAC, "10.0.0.5", Optional.of(current))).isEmpty();
    }

    @Test
    void theSameBootAskingAgainSpendsOneArming() {
        assertThat(attempts.open(MAC, "10.0.0.5", true, true)).isInstanceOf(Opening.NotArmed.class);
        attempts.arm(MAC);
        BootAttempt atDhcp = ((Opening.Opened) attempts.open(MAC, "10.0.0.5", true, true)).attempt();
        assertThat(attempts.open(MAC, "10.0.0.5", true, true)).as("its script, from the address DHCP gave it")
                .isEqualTo(new Opening.Opened(atDhcp));
        assertThat(attempts.redeem(attempts.credential(atDhcp), "10.0.0.5")).isInstanceOf(Redemption.Redeemed.class);
        assertThat(attempts.open(MAC, "10.0.0.5", true, true)).as("the next boot needs arming again")
                .isInstanceOf(Opening.NotArmed.class);
    }

    @Test
    void anAttemptOpenedWithoutArmingIsNotKeptOnceTheMachineMustBeArmed() {
        BootAttempt unarmed = opened(MAC, "10.0.0.5");
        assertThat(attempts.open(MAC, "10.0.0.5", true, true)).as("its profile now says enroll: armed")
                .isInstanceOf(Opening.NotArmed.class);
        attempts.arm(MAC);
        assertThat(attempts.open(MAC, "10.0.0.5", true, true)).isInstanceOfSatisfying(Opening.Opened.class,
                o -> assertThat(o.attempt().id()).isNotEqualTo(unarmed.id()));
    }

    @Test
    void anotherKeySignsDifferentlyAndAShortKeyIsRefused() {
        BootAttempt attempt = opened(MAC, "10.0.0.5");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(new AttemptSigner(other).sign(attempt.id(), MAC, 1)).isNotEqualTo(new AttemptSigner(new byte[32])
                .sign(attempt.id(), MAC, 1));
        assertThatThrownBy(() -> new AttemptSigner(new byte[16])).hasMessageContaining("at least 32");
    }
}
