package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MovingClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worker token is rotated once per wave of enrollments, when the wave has settled. */
class TokenRotationTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private final MovingClock clock = new MovingClock(T0);
    private Optional<Instant> last = Optional.empty();
    private final TokenRotation rotation = new TokenRotation(() -> last, Duration.ofMinutes(5), clock);

    @Test
    void dueOnlyOnceEnrollmentsHaveSettledAndOncePerWave() {
        assertThat(rotation.due()).as("no enrollment yet").isFalse();
        last = Optional.of(T0);
        clock.set(T0.plusSeconds(299));
        assertThat(rotation.due()).isFalse();
        clock.set(T0.plusSeconds(300));
        assertThat(rotation.due()).isTrue();
        rotation.rotated();
        assertThat(rotation.due()).isFalse();
        last = Optional.of(T0.plusSeconds(400));
        clock.set(T0.plusSeconds(650));
        assertThat(rotation.due()).as("the next wave has not settled").isFalse();
        clock.set(T0.plusSeconds(700));
        assertThat(rotation.due()).isTrue();
    }

    @Test
    void aLeakedTokenIsRotatedOnceEnrollmentsHaveSettledEvenWithoutANewWave() {
        rotation.leaked();
        assertThat(rotation.due()).as("no enrollment in flight").isTrue();
        rotation.rotated();
        assertThat(rotation.due()).isFalse();
        last = Optional.of(T0);
        clock.set(T0.plusSeconds(10));
        rotation.leaked();
        assertThat(rotation.due()).as("an enrollment 10 s ago: its machine may still be joining").isFalse();
        clock.set(T0.plusSeconds(300));
        assertThat(rotation.due()).isTrue();
    }
}
