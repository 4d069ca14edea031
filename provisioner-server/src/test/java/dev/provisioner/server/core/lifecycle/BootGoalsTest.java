package dev.provisioner.server.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.FixedProfiles;
import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.MachineState;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.audit.AuditEntry;
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

/** A reprovisioning machine goes back to local when its boot reaches its profile's goal, and not before. */
class BootGoalsTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:00:00:31").orElseThrow();
    private static final BootSpec BOOT = new BootSpec("k", List.of(), List.of());

    /** A disk that can fail: every write throws while {@code failing}. */
    private boolean failing;
    private final MachineStore machines = new MachineStore() {
        private final MemoryMachineStore memory = new MemoryMachineStore();

        @Override
        public Optional<Machine> get(MacAddress mac) {
            return memory.get(mac);
        }

        @Override
        public List<Machine> list() {
            return memory.list();
        }

        @Override
        public void create(Machine machine) {
            memory.create(machine);
        }

        @Override
        public boolean put(Machine machine) {
            if (failing) {
                throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
            }
            return memory.put(machine);
        }

        @Override
        public Optional<Machine> update(MacAddress mac, java.util.function.UnaryOperator<Machine> change) {
            return memory.update(mac, change);
        }

        @Override
        public boolean delete(MacAddress mac) {
            return memory.delete(mac);
        }
    };
    private final FixedProfiles profiles = new FixedProfiles()
            .add(new Profile("bare", BOOT, Optional.empty()))
            .add(new Profile("configured", BOOT, Optional.of("c.yaml")))
            .add(new Profile("swarm", BOOT, Optional.of("c.yaml"), Profile.DEFAULT_SPEC, OemFormat.FLATCAR,
                    Optional.of(SwarmRole.WORKER)));
    private final RecentAuditLog audit = new RecentAuditLog(10);
    private final RecentTimeline timeline = new RecentTimeline(10, 10);
    private final BootGoals goals = new BootGoals(timeline, profiles, new BootLoopGuard(3, Duration.ofMinutes(30), Duration.ofSeconds(10)));
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private Duration step = Duration.ofSeconds(61);

    BootGoalsTest() {
        goals.changeStatesThrough(new Inventory(machines, profiles, new Attempts(new MemoryAttemptStore(),
                new AttemptSigner(new byte[32]), Duration.ofMinutes(30), RunningNodes.NONE, Clock.systemUTC()), audit,
                goals, Clock.systemUTC()));
    }

    private void on(String profile, MachineState state) {
        machines.put(new Machine(MAC, "blade-31", profile, Map.of(), Map.of()).withState(state));
    }

    private MachineState after(ArtifactKind kind, Outcome outcome) {
        now = now.plus(step);
        goals.record(new BootEvent(now, MachineIdentity.of(MAC, "10.0.0.31"), kind, Transport.HTTP, outcome,
                "p", null));
        return machines.get(MAC).orElseThrow().lifecycle();
    }

    @Test
    void aSwarmMachineIsBackToLocalOnceItsNodeIsVerifiedAndNotWhenItGetsItsConfig() {
        on("swarm", MachineState.REPROVISION);
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).isEqualTo(MachineState.REPROVISION);
        assertThat(after(ArtifactKind.OEM_ARCHIVE, Outcome.SERVED)).isEqualTo(MachineState.REPROVISION);
        assertThat(after(ArtifactKind.SWARM_NODE, Outcome.QUARANTINED)).isEqualTo(MachineState.REPROVISION);
        assertThat(after(ArtifactKind.SWARM_NODE, Outcome.VERIFIED)).isEqualTo(MachineState.LOCAL);
        assertThat(audit.recent(10)).extracting(AuditEntry::actor, AuditEntry::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BootGoals.ACTOR, "change"));
        assertThat(timeline.of(MAC)).as("every event reaches the timeline, and the change is one")
                .extracting(BootEvent::kind, BootEvent::outcome).last()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple(ArtifactKind.MACHINE_STATE, Outcome.CHANGED));
        assertThat(timeline.of(MAC)).hasSize(5);
    }

    @Test
    void aMachineWithAConfigIsBackToLocalOnceTheConfigIsServedAndOneWithoutOnceItsScriptIs() {
        on("configured", MachineState.REPROVISION);
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).isEqualTo(MachineState.REPROVISION);
        assertThat(after(ArtifactKind.IGNITION, Outcome.FORBIDDEN)).isEqualTo(MachineState.REPROVISION);
        assertThat(after(ArtifactKind.IGNITION, Outcome.SERVED)).isEqualTo(MachineState.LOCAL);
        on("bare", MachineState.REPROVISION);
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.REFUSED)).isEqualTo(MachineState.REPROVISION);
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).isEqualTo(MachineState.LOCAL);
    }

    @Test
    void aStateThatCannotBeWrittenDoesNotFailTheAnswerItFollows() {
        on("configured", MachineState.REPROVISION);
        failing = true;
        assertThat(after(ArtifactKind.IGNITION, Outcome.SERVED)).isEqualTo(MachineState.REPROVISION);
        assertThat(timeline.of(MAC)).hasSize(1);
    }

    @Test
    void otherStatesAreLeftAlone() {
        on("configured", MachineState.PROVISION);
        assertThat(after(ArtifactKind.IGNITION, Outcome.SERVED)).isEqualTo(MachineState.PROVISION);
        on("configured", MachineState.FAILED);
        assertThat(after(ArtifactKind.IGNITION, Outcome.SERVED)).isEqualTo(MachineState.FAILED);
        assertThat(audit.recent(10)).isEmpty();
    }

    @Test
    void aMachineThatKeepsBootingWithoutReachingItsGoalIsStoppedAndOneThatReachesItIsNot() {
        on("configured", MachineState.PROVISION);
        for (int boot = 0; boot < 5; boot++) {
            assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).isEqualTo(MachineState.PROVISION);
            assertThat(after(ArtifactKind.IGNITION, Outcome.SERVED)).as("a healthy reboot").isEqualTo(MachineState.PROVISION);
        }
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).isEqualTo(MachineState.PROVISION);
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.REFUSED)).as("a refusal already waits").isEqualTo(MachineState.PROVISION);
        assertThat(after(ArtifactKind.PXELINUX_CONFIG, Outcome.SERVED)).isEqualTo(MachineState.PROVISION);
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).as("the third boot without its config")
                .isEqualTo(MachineState.PROVISION);
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).as("and it starts a fourth")
                .isEqualTo(MachineState.FAILED);
        BootEvent stopped = timeline.of(MAC).get(timeline.of(MAC).size() - 1);
        assertThat(stopped.kind()).isEqualTo(ArtifactKind.MACHINE_STATE);
        assertThat(stopped.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stopped.detail()).isEqualTo("provision to failed by provisioner: the boot-loop guard: 3 boots within "
                + "30m without reaching its goal (its config fetched); set its state back to provision when fixed");
        assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).as("failed stays failed").isEqualTo(MachineState.FAILED);
    }

    @Test
    void bootsOlderThanThePeriodDoNotCount() {
        on("configured", MachineState.REPROVISION);
        for (int boot = 0; boot < 10; boot++) {
            now = now.plus(Duration.ofMinutes(15));
            assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).isEqualTo(MachineState.REPROVISION);
        }
    }

    @Test
    void iPxeRetryingItsScriptWithinAMinuteIsTheSameBoot() {
        on("configured", MachineState.PROVISION);
        step = Duration.ofSeconds(10);
        for (int retry = 0; retry < 20; retry++) {
            assertThat(after(ArtifactKind.IPXE_SCRIPT, Outcome.SERVED)).isEqualTo(MachineState.PROVISION);
        }
    }
}
