package dev.provisioner.server.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.FixedProfiles;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.store.MemoryMachineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Boots are counted where the timeline cuts them, by profile, with the time to joined. */
class BootCounterTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:00:00:71").orElseThrow();
    private static final MacAddress STRAY = MacAddress.parse("52:54:00:00:00:72").orElseThrow();

    /** What the counter reported, as "started swarm", "joined swarm 95s". */
    private final List<String> reported = new ArrayList<>();
    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final BootCounter counter = new BootCounter(new RecentTimeline(100, 10), machines, new FixedProfiles()
            .add(new Profile("swarm", new BootSpec("k", List.of(), List.of()), Optional.of("c.yaml"),
                    Profile.DEFAULT_SPEC, OemFormat.FLATCAR, Optional.of(SwarmRole.WORKER))), new BootMetrics() {
                @Override
                public void started(String profile) {
                    reported.add("started " + profile);
                }

                @Override
                public void completed(String profile) {
                    reported.add("completed " + profile);
                }

                @Override
                public void failed(String profile) {
                    reported.add("failed " + profile);
                }

                @Override
                public void joined(String profile, Duration sinceStart) {
                    reported.add("joined " + profile + " " + sinceStart.toSeconds() + "s");
                }
            }, 10);
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");

    private void after(long seconds, MacAddress mac, ArtifactKind kind, Outcome outcome) {
        now = now.plusSeconds(seconds);
        counter.record(new BootEvent(now, MachineIdentity.of(mac, "10.0.0.71"), kind,
                kind == ArtifactKind.SWARM_NODE ? Transport.SWARM : Transport.HTTP, outcome, "swarm", null));
    }

    @Test
    void aBootIsStartedOnceCompletedOnceAndItsJoinTimedFromItsFirstRequest() {
        machines.put(new Machine(MAC, "blade-71", "swarm", Map.of(), Map.of()));
        after(0, MAC, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED);
        after(2, MAC, ArtifactKind.IPXE_SCRIPT, Outcome.SERVED);
        after(3, MAC, ArtifactKind.OEM_ARCHIVE, Outcome.SERVED);
        after(60, MAC, ArtifactKind.ENROLLMENT, Outcome.SERVED);
        after(30, MAC, ArtifactKind.SWARM_NODE, Outcome.JOINED);
        after(0, MAC, ArtifactKind.SWARM_NODE, Outcome.VERIFIED);
        after(0, MAC, ArtifactKind.SWARM_NODE, Outcome.VERIFIED);
        after(600, MAC, ArtifactKind.MACHINE_STATE, Outcome.FAILED);
        after(5, MAC, ArtifactKind.DHCP_BOOT_FILE, Outcome.SERVED);
        assertThat(reported).containsExactly("started swarm", "joined swarm 95s", "completed swarm", "failed swarm",
                "started swarm");
    }

    @Test
    void strangersAreCountedAsUnregisteredAndWhatIsNotAskedStartsNothing() {
        after(0, MAC, ArtifactKind.SWARM_NODE, Outcome.QUARANTINED);
        after(0, STRAY, ArtifactKind.IPXE_SCRIPT, Outcome.NOT_REGISTERED);
        after(2, STRAY, ArtifactKind.IPXE_SCRIPT, Outcome.NOT_REGISTERED);
        assertThat(reported).containsExactly("started " + BootMetrics.UNREGISTERED);
    }
}
