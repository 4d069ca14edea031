package dev.provisioner.server.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.FixedProfiles;
import dev.provisioner.server.core.InvalidMachineException;
import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.MovingClock;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.audit.RecentAuditLog;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Strays are remembered with what they said, within bounds, until they are registered. */
class DiscoveryTest {

    private static final MacAddress STRAY = MacAddress.parse("52:54:00:00:00:41").orElseThrow();

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final FixedProfiles profiles = new FixedProfiles()
            .add(new Profile("worker", new BootSpec("k", List.of(), List.of()), Optional.empty()));
    private final RecentTimeline timeline = new RecentTimeline(10, 10);
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final Discovery discovery = new Discovery(timeline, machines, 3, Duration.ofDays(7), clock);
    private final Inventory inventory = new Inventory(machines, profiles, new Attempts(new MemoryAttemptStore(),
            new AttemptSigner(new byte[32]), Duration.ofMinutes(30), RunningNodes.NONE, Clock.systemUTC()),
            new RecentAuditLog(10), timeline, Clock.systemUTC());

    private void asks(MacAddress mac, MachineIdentity who, Transport via) {
        discovery.record(new BootEvent(clock.advance(Duration.ofSeconds(10)), who, ArtifactKind.IPXE_SCRIPT, via, Outcome.NOT_REGISTERED, null, null));
    }

    private static MachineIdentity dhcp(MacAddress mac) {
        return new MachineIdentity(Optional.of(mac), "0b6e4b0c-1f3a-4c55-9e0a-3f2b1c0d9e8f", null, "7", "efi",
                "PXEClient:Arch:00007:UNDI:003016", null);
    }

    @Test
    void aStrayKeepsWhatEachTransportSaidAndWhenItWasSeen() {
        Instant first = clock.instant().plusSeconds(10);
        asks(STRAY, dhcp(STRAY), Transport.DHCP);
        asks(STRAY, MachineIdentity.of(STRAY, "10.0.0.41").withFirmware(null, "SER-41", "x86_64", "efi"),
                Transport.HTTP);

        assertThat(discovery.list()).singleElement().satisfies(stray -> {
            assertThat(stray.mac()).isEqualTo(STRAY);
            assertThat(stray.uuid()).isEqualTo("0b6e4b0c-1f3a-4c55-9e0a-3f2b1c0d9e8f");
            assertThat(stray.serial()).isEqualTo("SER-41");
            assertThat(stray.arch()).isEqualTo("x86_64");
            assertThat(stray.vendorClass()).isEqualTo("PXEClient:Arch:00007:UNDI:003016");
            assertThat(stray.source()).isEqualTo("10.0.0.41");
            assertThat(stray.firstSeen()).isEqualTo(first);
            assertThat(stray.lastSeen()).isEqualTo(clock.instant());
            assertThat(stray.requests()).isEqualTo(2);
        });
        assertThat(timeline.of(STRAY)).as("the events still reach the timeline").hasSize(2);
    }

    @Test
    void registeredMachinesAndEventsNotAskedByTheMachineAreNotStrays() {
        machines.put(new Machine(STRAY, "blade-41", "worker", Map.of(), Map.of()));
        asks(STRAY, dhcp(STRAY), Transport.DHCP);
        MacAddress other = MacAddress.parse("52:54:00:00:00:42").orElseThrow();
        asks(other, MachineIdentity.of(other, "10.0.0.42"), Transport.SWARM);
        asks(other, MachineIdentity.of(other, null), Transport.INVENTORY);
        assertThat(discovery.list()).isEmpty();
    }

    @Test
    void theLeastRecentlySeenGoFirstAndTheOldAreForgotten() {
        for (int i = 1; i <= 4; i++) {
            MacAddress mac = MacAddress.parse("52:54:00:00:01:0" + i).orElseThrow();
            asks(mac, MachineIdentity.of(mac, "10.0.1." + i), Transport.HTTP);
        }
        assertThat(discovery.list()).extracting(stray -> stray.mac().value())
                .containsExactly("52:54:00:00:01:04", "52:54:00:00:01:03", "52:54:00:00:01:02");
        clock.advance(Duration.ofDays(7).minusSeconds(5));
        assertThat(discovery.list()).extracting(stray -> stray.mac().value())
                .containsExactly("52:54:00:00:01:04");
    }

    @Test
    void adoptionRegistersThroughTheInventoryRulesAndOnlyDiscoveredMachines() {
        assertThat(discovery.adopt("ops", new Machine(STRAY, "blade-41", "worker", Map.of(), Map.of()), inventory))
                .as("not discovered").isEmpty();
        asks(STRAY, dhcp(STRAY), Transport.DHCP);
        assertThatThrownBy(() -> discovery.adopt("ops", new Machine(STRAY, "blade-41", "nope", Map.of(), Map.of()),
                inventory)).isInstanceOf(InvalidMachineException.class);
        assertThat(discovery.list()).as("a refused adoption keeps the stray").hasSize(1);

        assertThat(discovery.adopt("ops", new Machine(STRAY, "blade-41", "worker", Map.of("rack", "r4"), Map.of()),
                inventory)).hasValueSatisfying(machine -> assertThat(machine.labels()).containsEntry("rack", "r4"));
        assertThat(machines.get(STRAY)).isPresent();
        assertThat(discovery.list()).isEmpty();
        assertThat(discovery.adopt("ops", new Machine(STRAY, "blade-41", "worker", Map.of(), Map.of()), inventory))
                .as("adopted once").isEmpty();
    }
}
