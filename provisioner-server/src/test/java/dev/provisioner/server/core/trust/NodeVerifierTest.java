package dev.provisioner.server.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.FixedProfiles;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.trust.NodeVerdict.Action;
import dev.provisioner.server.core.trust.NodeVerdict.Standing;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every swarm node checked against the boot that made it, judged from a node list without a swarm. */
class NodeVerifierTest {

    private static final MacAddress WORKER = MacAddress.parse("52:54:00:00:00:01").orElseThrow();
    private static final MacAddress MANAGER = MacAddress.parse("52:54:00:00:00:02").orElseThrow();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant BOOTED = NOW.minusSeconds(120);

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final MemoryAttemptStore store = new MemoryAttemptStore();
    private final RecentTimeline timeline = new RecentTimeline(10, 10);
    private final ProfileCatalog profiles = new FixedProfiles().add(profile("worker", SwarmRole.WORKER))
            .add(profile("manager", SwarmRole.MANAGER));
    private final NodeVerifier verifier = new NodeVerifier(machines, profiles, store, timeline, Duration.ofMinutes(10),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Profile profile(String id, SwarmRole role) {
        return new Profile(id, new BootSpec("flatcar/vmlinuz", List.of(), List.of()), Optional.of("node.yaml"),
                Profile.DEFAULT_SPEC, OemFormat.FLATCAR, Optional.of(role));
    }

    @BeforeEach
    void machinesThatBootedAndEnrolled() {
        machines.put(new Machine(WORKER, "blade-1", "worker", Map.of(), Map.of()));
        machines.put(new Machine(MANAGER, "blade-2", "manager", Map.of(), Map.of()));
        enrolled(WORKER, "10.0.0.11");
        enrolled(MANAGER, "10.0.0.12");
    }

    private void enrolled(MacAddress mac, String from) {
        store.update(mac, current -> Optional.of(new BootAttempt("a-" + mac.hyphenated(), mac, from, BOOTED,
                BOOTED.plusSeconds(1800), Optional.empty(), Optional.of(BOOTED.plusSeconds(30)), false)));
    }

    private static SwarmMember node(String id, String hostname, String address, boolean manager) {
        return new SwarmMember(id, hostname, address, manager, SwarmMember.State.READY, false, BOOTED.plusSeconds(40),
                Optional.empty(), Optional.empty(), false, false);
    }

    private NodeVerdict only(SwarmMember node) {
        List<NodeVerdict> verdicts = verifier.judge(List.of(node));
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }

    @Test
    void aWorkerThatEnrolledFromItsAddressIsVerifiedAndMarkedAndAManagerRoleMachineIsPromoted() {
        NodeVerdict worker = only(node("n1", "blade-1", "10.0.0.11", false));
        assertThat(worker.standing()).isEqualTo(Standing.VERIFIED);
        assertThat(worker.machine()).contains(WORKER);
        assertThat(worker.actions()).containsExactly(Action.MARK_VERIFIED);
        NodeVerdict manager = only(node("n2", "blade-2", "10.0.0.12", false));
        assertThat(manager.actions()).containsExactlyInAnyOrder(Action.MARK_VERIFIED, Action.PROMOTE);
        verifier.carriedOut(manager);
        assertThat(timeline.of(MANAGER)).extracting(BootEvent::outcome)
                .containsExactly(Outcome.JOINED, Outcome.VERIFIED, Outcome.PROMOTED);
        assertThat(verifier.running(MANAGER)).isTrue();
        assertThat(verifier.running(WORKER)).as("only the last pass counts").isFalse();
        SwarmMember demoted = new SwarmMember("n2", "blade-2", "10.0.0.12", false, SwarmMember.State.READY, false,
                BOOTED.plusSeconds(40), Optional.of(MANAGER), Optional.empty(), true, false);
        assertThat(only(demoted).actions()).as("promoted once: its own demotion before leaving is not undone").isEmpty();
    }

    @Test
    void aVerifiedNodeMadeInTheCurrentBootJoinsOnceWhenReadyAndAnOlderOneNever() {
        SwarmMember starting = new SwarmMember("n1", "blade-1", "10.0.0.11", false, SwarmMember.State.OTHER, false,
                BOOTED.plusSeconds(40), Optional.empty(), Optional.empty(), false, false);
        only(starting);
        assertThat(timeline.of(WORKER)).as("not Ready yet").isEmpty();
        only(node("n1", "blade-1", "10.0.0.11", false));
        only(node("n1", "blade-1", "10.0.0.11", false));
        assertThat(timeline.of(WORKER)).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.JOINED);
            assertThat(event.artifact()).isEqualTo("n1");
            assertThat(event.time()).isEqualTo(NOW);
        });
        SwarmMember earlier = new SwarmMember("n0", "blade-2", "10.0.0.12", false, SwarmMember.State.READY, false,
                BOOTED.minusSeconds(600), Optional.of(MANAGER), Optional.empty(), true, false);
        only(earlier);
        assertThat(timeline.of(MANAGER)).as("made in an earlier boot").isEmpty();
    }

    @Test
    void aNodeMarkedVerifiedStaysVerifiedWithoutItsAttemptAsAfterARestart() {
        store.update(WORKER, current -> Optional.empty());
        SwarmMember marked = new SwarmMember("n1", "blade-1", "10.0.0.11", false, SwarmMember.State.READY, false,
                BOOTED, Optional.of(WORKER), Optional.empty(), false, false);
        assertThat(only(marked)).satisfies(v -> {
            assertThat(v.standing()).isEqualTo(Standing.VERIFIED);
            assertThat(v.actions()).isEmpty();
        });
    }

    @Test
    void aNodeFromAnotherAddressOrWithAnotherNameOrFromAnEarlierBootIsQuarantinedAndTheEventIsOnTheClaimedMachine() {
        NodeVerdict elsewhere = only(node("n3", "blade-1", "10.0.0.66", false));
        assertThat(elsewhere.standing()).isEqualTo(Standing.QUARANTINED);
        assertThat(elsewhere.actions()).containsExactly(Action.QUARANTINE);
        assertThat(elsewhere.reason()).contains("no enrollment of machine 52:54:00:00:00:01 from 10.0.0.66");
        verifier.carriedOut(elsewhere);
        assertThat(timeline.of(WORKER)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.QUARANTINED);
            assertThat(e.detail()).contains("node n3", "drained and quarantined");
        });

        assertThat(only(node("n4", "stranger", "10.0.0.11", false)).reason())
                .isEqualTo("no registered machine is called stranger");
        SwarmMember before = new SwarmMember("n5", "blade-1", "10.0.0.11", false, SwarmMember.State.READY, false,
                BOOTED.minusSeconds(1), Optional.empty(), Optional.empty(), false, false);
        assertThat(only(before).standing()).as("made before the boot that enrolled").isEqualTo(Standing.QUARANTINED);
        store.update(WORKER, current -> current.map(a -> new BootAttempt(a.id(), a.mac(), a.source(), a.opened(),
                a.expires(), Optional.empty(), Optional.empty(), false)));
        assertThat(only(node("n1", "blade-1", "10.0.0.11", false)).standing()).as("never enrolled")
                .isEqualTo(Standing.QUARANTINED);
    }

    @Test
    void aQuarantinedNodeIsRemovedOnceTheGracePeriodIsOverAndReleasedWhenItTurnsOutVerified() {
        SwarmMember drained = new SwarmMember("n3", "blade-1", "10.0.0.66", false, SwarmMember.State.READY, true,
                BOOTED, Optional.empty(), Optional.of(NOW.minusSeconds(599)), false, false);
        assertThat(only(drained).actions()).isEmpty();
        SwarmMember due = new SwarmMember("n3", "blade-1", "10.0.0.66", false, SwarmMember.State.DOWN, true,
                BOOTED, Optional.empty(), Optional.of(NOW.minusSeconds(600)), false, false);
        assertThat(only(due).actions()).containsExactly(Action.REMOVE);
        SwarmMember late = new SwarmMember("n1", "blade-1", "10.0.0.11", false, SwarmMember.State.READY, true,
                BOOTED.plusSeconds(40), Optional.empty(), Optional.of(NOW.minusSeconds(30)), false, false);
        assertThat(only(late).actions()).containsExactlyInAnyOrder(Action.MARK_VERIFIED, Action.RELEASE);
    }

    @Test
    void managersNoBootMadeAndNodesAnOperatorTrustsAreLeftAlone() {
        assertThat(only(node("m0", "swarm-manager", "10.0.0.1", true))).satisfies(v -> {
            assertThat(v.standing()).isEqualTo(Standing.FOUNDER);
            assertThat(v.actions()).isEmpty();
        });
        SwarmMember trusted = new SwarmMember("t1", "build-box", "10.0.0.50", false, SwarmMember.State.READY, true,
                BOOTED, Optional.empty(), Optional.of(NOW.minusSeconds(5000)), false, true);
        assertThat(only(trusted)).satisfies(v -> {
            assertThat(v.standing()).isEqualTo(Standing.TRUSTED);
            assertThat(v.actions()).isEqualTo(Set.of(Action.RELEASE));
        });
    }

    @Test
    void aHostnameTwoMachinesShareIsVerifiedForTheOneThatEnrolledFromTheNodesAddress() {
        machines.put(new Machine(MacAddress.parse("52:54:00:00:00:03").orElseThrow(), "blade-1", "worker", Map.of(), Map.of()));
        assertThat(only(node("n1", "blade-1", "10.0.0.11", false)).machine()).contains(WORKER);
        assertThat(only(node("n9", "blade-1", "10.0.0.99", false)).reason())
                .isEqualTo("no enrollment of 2 machines called blade-1 from 10.0.0.99 in the boot that made the node");
    }

    @Test
    void aNodeMarkedForAMachineStillRegisteredStaysVerifiedAfterItsHostnameChanged() {
        machines.put(new Machine(WORKER, "blade-1-renamed", "worker", Map.of(), Map.of()));
        SwarmMember marked = new SwarmMember("n1", "blade-1", "10.0.0.11", false, SwarmMember.State.READY, false,
                BOOTED, Optional.of(WORKER), Optional.empty(), false, false);
        assertThat(only(marked).standing()).isEqualTo(Standing.VERIFIED);
        machines.delete(WORKER);
        assertThat(only(marked).standing()).as("its machine is gone").isEqualTo(Standing.QUARANTINED);
    }

    @Test
    void anInventoryGoneWrongQuarantinesNobodyAtOnce() {
        List<SwarmMember> strangers = List.of(node("s1", "x1", "10.0.0.31", false), node("s2", "x2", "10.0.0.32", false),
                node("s3", "x3", "10.0.0.33", false), node("n1", "blade-1", "10.0.0.11", false));
        List<NodeVerdict> verdicts = verifier.judge(strangers);
        assertThat(verdicts).filteredOn(v -> v.standing() == Standing.QUARANTINED)
                .hasSize(3).allSatisfy(v -> {
                    assertThat(v.actions()).isEmpty();
                    assertThat(v.reason()).endsWith("held: 3 of 4 workers unmatched at once");
                });
    }

    @Test
    void addressesAreComparedAsAddressesAndWhatANodeSaysOfItselfIsMadePrintable() {
        assertThat(NodeVerifier.sameAddress("0:0:0:0:0:0:0:1", "::1")).isTrue();
        assertThat(NodeVerifier.sameAddress("[fd00::11]", "fd00:0:0:0:0:0:0:11")).isTrue();
        assertThat(NodeVerifier.sameAddress("fd00::11", "fd00::12")).isFalse();
        assertThat(NodeVerifier.sameAddress("10.0.0.1", "10.0.0.10")).isFalse();
        assertThat(node("n", "evil\nWARN forged line", "10.0.0.1", false).hostname()).isEqualTo("evil?WARN forged line");
    }
}
