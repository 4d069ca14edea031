package dev.provisioner.server.core.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where one boot ends and the next begins. */
class BootsTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:00:00:61").orElseThrow();
    private final List<BootEvent> events = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");

    private BootsTest at(long seconds, ArtifactKind kind, Outcome outcome) {
        now = now.plusSeconds(seconds);
        events.add(new BootEvent(now, MachineIdentity.of(MAC, "10.0.0.61"), kind, Transport.HTTP, outcome, "p", null));
        return this;
    }

    private List<Integer> sizes() {
        return Boots.split(events).stream().map(List::size).toList();
    }

    @Test
    void firmwareAskingAgainAndARefusedMachineRetryingAreOneBootUntilItGetsFurther() {
        at(0, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED).at(1, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED)
                .at(2, ArtifactKind.IPXE_SCRIPT, Outcome.REFUSED).at(60, ArtifactKind.IPXE_SCRIPT, Outcome.REFUSED)
                .at(60, ArtifactKind.MACHINE_STATE, Outcome.CHANGED)
                .at(60, ArtifactKind.IPXE_SCRIPT, Outcome.SERVED).at(1, ArtifactKind.ASSET, Outcome.SERVED)
                .at(1, ArtifactKind.OEM_ARCHIVE, Outcome.SERVED).at(30, ArtifactKind.ENROLLMENT, Outcome.SERVED)
                .at(20, ArtifactKind.SWARM_NODE, Outcome.JOINED).at(0, ArtifactKind.SWARM_NODE, Outcome.VERIFIED)
                .at(300, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED).at(1, ArtifactKind.IPXE_SCRIPT, Outcome.SERVED);
        assertThat(sizes()).containsExactly(11, 2);
    }

    @Test
    void silenceLongerThanTheGapStartsAnotherBootAndALocalBootIsAWholeOne() {
        at(0, ArtifactKind.IPXE_SCRIPT, Outcome.REFUSED)
                .at(Boots.GAP.toSeconds() + 1, ArtifactKind.IPXE_SCRIPT, Outcome.LOCAL)
                .at(5, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED).at(1, ArtifactKind.PXELINUX_CONFIG, Outcome.LOCAL);
        assertThat(sizes()).containsExactly(1, 1, 2);
    }

    @Test
    void aUefiHttpBootsFirstFileAndRequestsThatWereNotAnsweredAreNotProgress() {
        events.add(new BootEvent(now, MachineIdentity.of(MAC, null), ArtifactKind.DHCP_BOOT_FILE, Transport.DHCP,
                Outcome.SERVED, "p", null));
        now = now.plusSeconds(2);
        events.add(new BootEvent(now, MachineIdentity.of(MAC, "10.0.0.61"), ArtifactKind.DHCP_BOOT_FILE, Transport.HTTP,
                Outcome.SERVED, "ipxe.efi", null));
        at(3, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED).at(1, ArtifactKind.OEM_ARCHIVE, Outcome.FORBIDDEN)
                .at(1, ArtifactKind.ASSET, Outcome.MISSING).at(1, ArtifactKind.SWARM_NODE, Outcome.QUARANTINED)
                .at(1, ArtifactKind.IPXE_SCRIPT, Outcome.SERVED);
        assertThat(sizes()).containsExactly(7);
    }

    @Test
    void eventsBeforeAnyOpeningRequestAreABootOfTheirOwn() {
        at(0, ArtifactKind.SWARM_NODE, Outcome.VERIFIED).at(1, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED);
        assertThat(sizes()).containsExactly(1, 1);
        assertThat(Boots.split(List.of())).isEmpty();
    }
}
