package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.core.audit.AuditEntry;
import dev.provisioner.server.core.audit.RecentAuditLog;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every write goes through the rules, whichever caller (API, discovery, UI) makes it; on the in-memory store. */
class InventoryTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final RecentAuditLog audit = new RecentAuditLog(100);
    private final RecentTimeline timeline = new RecentTimeline(10, 10);
    private final Inventory inventory = new Inventory(machines, new FixedProfiles()
            .add(new Profile("worker", new BootSpec("k", List.of(), List.of()), Optional.empty())),
            new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]), java.time.Duration.ofMinutes(30),
                    RunningNodes.NONE, Clock.systemUTC()), audit, timeline,
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    private static Machine named(String hostname, String profile) {
        return new Machine(MAC, hostname, profile, Map.of(), Map.of());
    }

    @Test
    void aMachineThatBreaksARuleIsNeverStoredWhateverTheVerb() {
        Machine evil = named("evil\nchain http://attacker.example/x", "worker");
        assertThatThrownBy(() -> inventory.register("op", evil)).isInstanceOf(InvalidMachineException.class);
        assertThatThrownBy(() -> inventory.replace("op", evil)).isInstanceOf(InvalidMachineException.class);
        assertThat(machines.list()).isEmpty();

        inventory.register("op", named("good", "worker"));
        assertThatThrownBy(() -> inventory.change("op", MAC, m -> named("bad name", "worker")))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("hostname"));
        assertThat(machines.get(MAC).orElseThrow().hostname()).isEqualTo("good");
    }

    @Test
    void twoMachinesCannotShareAHostnameSinceTheSwarmKnowsNodesByIt() {
        inventory.register("op", named("blade-1", "worker"));
        Machine twin = new Machine(MacAddress.parse("52:54:00:00:00:02").orElseThrow(), "Blade-1", "worker", Map.of(), Map.of());
        assertThatThrownBy(() -> inventory.register("op", twin))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("hostname", "already the hostname of machine 52:54:00:12:34:56")));
        // a machine keeps its own name through a replace
        assertThat(inventory.replace("op", named("blade-1", "worker"))).isFalse();
    }

    @Test
    void aReservedAddressIsAnAddressAMachineCanHaveAndNoOtherMachinesAddress() {
        inventory.register("op", new Machine(MAC, "blade-1", "worker", Map.of(), Map.of(), "10.0.0.7"));
        MacAddress other = MacAddress.parse("52:54:00:00:00:02").orElseThrow();
        assertThatThrownBy(() -> inventory.register("op", new Machine(other, "blade-2", "worker", Map.of(), Map.of(), "10.0.0.7")))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("ipv4", "already the address of machine 52:54:00:12:34:56")));
        for (String bad : java.util.List.of("10.0.0.256", "0.0.0.0", "255.255.255.255", "10.0.0", "fd00::1", "10.0.0.7\nx")) {
            assertThatThrownBy(() -> inventory.register("op", new Machine(other, "blade-2", "worker", Map.of(), Map.of(), bad)))
                    .as(bad).isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                            .singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("ipv4")));
        }
        assertThat(inventory.replace("op", new Machine(MAC, "blade-1", "worker", Map.of(), Map.of(), "10.0.0.7"))).isFalse();
    }

    @Test
    void aWriteMustNameAProfileThatExists() {
        assertThatThrownBy(() -> inventory.register("op", named("a", "nosuch")))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("profile", "no profile 'nosuch' in the data directory")));
    }

    @Test
    void aChangeCannotMoveAMachineToAnotherMac() {
        inventory.register("op", named("a", "worker"));
        MacAddress other = MacAddress.parse("52:54:00:00:00:01").orElseThrow();
        assertThatThrownBy(() -> inventory.change("op", MAC, m -> new Machine(other, "a", "worker", Map.of(), Map.of())))
                .isInstanceOf(InvalidMachineException.class);
        assertThat(machines.get(other)).isEmpty();
    }

    @Test
    void unknownMachinesAreNotFoundAndTakenMacsConflict() {
        assertThatThrownBy(() -> inventory.change("op", MAC, m -> m)).isInstanceOf(MachineNotFoundException.class);
        assertThatThrownBy(() -> inventory.delete("op", MAC)).isInstanceOf(MachineNotFoundException.class);
        inventory.register("op", named("a", "worker"));
        assertThatThrownBy(() -> inventory.register("op", named("b", "worker"))).isInstanceOf(MachineExistsException.class);
        assertThat(inventory.replace("op", named("b", "worker"))).isFalse();
        inventory.delete("op", MAC);
        assertThat(inventory.list()).isEmpty();
    }

    @Test
    void everyWriteIsAuditedWithItsActorAndTheDocumentsFingerprintBeforeAndAfter() {
        inventory.register("alice", named("a", "worker"));
        inventory.change("bob", MAC, m -> named("b", "worker"));
        assertThatThrownBy(() -> inventory.change("bob", MAC, m -> named("bad name", "worker")));
        inventory.delete("alice", MAC);
        assertThat(audit.recent(10)).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "register", MAC.value()),
                        org.assertj.core.groups.Tuple.tuple("bob", "change", MAC.value()),
                        org.assertj.core.groups.Tuple.tuple("alice", "delete", MAC.value()));
        List<AuditEntry> entries = audit.recent(10);
        assertThat(entries.get(0).before()).isEmpty();
        assertThat(entries.get(0).after()).hasValueSatisfying(f -> assertThat(f).matches("sha256:[0-9a-f]{64}"));
        assertThat(entries.get(1).before()).isEqualTo(entries.get(0).after());
        assertThat(entries.get(1).after()).isNotEqualTo(entries.get(1).before());
        assertThat(entries.get(2).before()).isEqualTo(entries.get(1).after());
        assertThat(entries.get(2).after()).isEmpty();
        assertThat(entries.get(0).time()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void theFingerprintIgnoresTheOrderLabelsWereWrittenIn() {
        java.util.LinkedHashMap<String, String> ab = new java.util.LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        java.util.LinkedHashMap<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(Inventory.fingerprint(new Machine(MAC, "h", "worker", ab, Map.of())))
                .isEqualTo(Inventory.fingerprint(new Machine(MAC, "h", "worker", ba, Map.of())))
                .isNotEqualTo(Inventory.fingerprint(new Machine(MAC, "h2", "worker", ab, Map.of())));
        // documents that print alike as Java maps are still told apart
        assertThat(Inventory.fingerprint(new Machine(MAC, "h", "worker", Map.of("a", "1, b=2"), Map.of())))
                .isNotEqualTo(Inventory.fingerprint(new Machine(MAC, "h", "worker", ab, Map.of())));
        assertThat(Inventory.fingerprint(new Machine(MAC, "h", "worker", Map.of(), Map.of("n", 1L))))
                .isNotEqualTo(Inventory.fingerprint(new Machine(MAC, "h", "worker", Map.of(), Map.of("n", "1"))))
                .matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void everyChangeOfAStateIsAnEventWhoeverMadeIt() {
        inventory.register("op", named("blade-1", "worker"));
        inventory.change("op", MAC, m -> m.withState(MachineState.LOCAL));
        inventory.change("op", MAC, m -> new Machine(m.mac(), "blade-one", m.profile(), m.labels(), m.metadata(),
                m.ipv4(), m.state()));
        assertThat(inventory.changeState("provisioner", MAC, MachineState.PROVISION, MachineState.FAILED, "why"))
                .as("no longer provision").isFalse();
        assertThat(inventory.changeState("provisioner", MAC, MachineState.LOCAL, MachineState.FAILED, "the guard"))
                .isTrue();
        assertThat(timeline.of(MAC)).extracting(e -> e.kind() + " " + e.outcome() + " " + e.artifact() + " " + e.detail())
                .containsExactly("MACHINE_STATE CHANGED local provision to local by op",
                        "MACHINE_STATE FAILED failed local to failed by provisioner: the guard");
    }
}
