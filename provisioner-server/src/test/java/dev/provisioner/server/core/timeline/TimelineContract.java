package dev.provisioner.server.core.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every timeline does; each implementation's test subclasses this with a timeline of 3 events per machine. */
public abstract class TimelineContract {

    protected static final MacAddress MAC = MacAddress.parse("52:54:00:00:00:51").orElseThrow();
    protected static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** A timeline that keeps 3 events per machine and 2 machines in memory; every machine counts as registered. */
    protected abstract Timeline timeline();

    protected static BootEvent event(MacAddress mac, int second, ArtifactKind kind) {
        return new BootEvent(T0.plusSeconds(second), MachineIdentity.of(mac, "10.0.0.51").withFirmware(
                "0b6e4b0c-1f3a-4c55-9e0a-3f2b1c0d9e8f", "SER \"51\" é", "x86_64", "pcbios"), kind, Transport.HTTP,
                Outcome.SERVED, "flatcar/vmlinuz", "a detail: with, punctuation\nand a line", kind == ArtifactKind.ASSET
                ? Optional.of(new Transfer(1 << 20, Duration.ofMillis(250))) : Optional.empty());
    }

    @Test
    void keepsTheLastEventsOfEachMachineOldestFirstAndAsTheyWere() {
        Timeline timeline = timeline();
        for (int i = 0; i < 5; i++) {
            timeline.record(event(MAC, i, i % 2 == 0 ? ArtifactKind.IPXE_SCRIPT : ArtifactKind.ASSET));
        }
        assertThat(timeline.of(MAC)).containsExactly(event(MAC, 2, ArtifactKind.IPXE_SCRIPT),
                event(MAC, 3, ArtifactKind.ASSET), event(MAC, 4, ArtifactKind.IPXE_SCRIPT));
        assertThat(timeline.of(MacAddress.parse("52:54:00:00:00:52").orElseThrow())).isEmpty();
    }

    @Test
    void eventsThatNameNoMachineAreNotKept() {
        Timeline timeline = timeline();
        timeline.record(new BootEvent(T0, MachineIdentity.anonymous("10.0.0.9"), ArtifactKind.PXELINUX_DEFAULT,
                Transport.TFTP, Outcome.SERVED, "p", null));
        timeline.record(event(MAC, 1, ArtifactKind.IPXE_SCRIPT));
        assertThat(timeline.of(MAC)).hasSize(1);
    }
}
