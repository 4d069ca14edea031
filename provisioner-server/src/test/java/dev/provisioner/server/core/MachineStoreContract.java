package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MachineStore} promises, whatever keeps the machines: each implementation's test extends this.
 * {@link #reopened()} reads the same machines afresh (a new process, another replica), to show that writes last.
 */
public abstract class MachineStoreContract {

    /** A new, empty store. Called once per test, before {@link #reopened()}. */
    protected abstract MachineStore store() throws Exception;

    /** A store reading what {@link #store()}'s writes left; the same instance where nothing outlives it. */
    protected abstract MachineStore reopened() throws Exception;

    protected static MacAddress mac(int n) {
        return MacAddress.parse(String.format("52:54:00:00:%02x:%02x", n >> 8, n & 0xff)).orElseThrow();
    }

    protected static Machine machine(int n) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("slot", (long) n);
        metadata.put("nested", Map.of("list", List.of("a", 1L, true)));
        return new Machine(mac(n), "node-" + n, "worker", Map.of("rack", "r" + n % 3), metadata);
    }

    @Test
    void aStoredMachineReadsBackEqual() throws Exception {
        MachineStore store = store();
        assertThat(store.get(mac(1))).isEmpty();
        store.create(machine(1));
        assertThat(store.get(mac(1))).contains(machine(1));
        assertThat(reopened().get(mac(1))).contains(machine(1));
    }

    @Test
    void theListIsOrderedByMac() throws Exception {
        MachineStore store = store();
        for (int n : new int[] {300, 2, 17, 1}) {
            store.create(machine(n));
        }
        assertThat(reopened().list()).extracting(Machine::mac).containsExactly(mac(1), mac(2), mac(17), mac(300));
    }

    @Test
    void aTakenMacCannotBeRegisteredAgain() throws Exception {
        MachineStore store = store();
        store.create(machine(1));
        Machine other = new Machine(mac(1), "other", "worker", Map.of(), Map.of());
        assertThatThrownBy(() -> store.create(other)).isInstanceOf(MachineExistsException.class);
        assertThat(store.get(mac(1))).contains(machine(1));
    }

    @Test
    void putSaysWhetherTheMachineWasNew() throws Exception {
        MachineStore store = store();
        assertThat(store.put(machine(1))).isTrue();
        Machine renamed = new Machine(mac(1), "renamed", "worker", Map.of(), Map.of());
        assertThat(store.put(renamed)).isFalse();
        assertThat(reopened().get(mac(1))).contains(renamed);
    }

    @Test
    void anUpdateAppliesItsChangeAndAFailingChangeLeavesTheMachineAlone() throws Exception {
        MachineStore store = store();
        assertThat(store.update(mac(1), m -> m)).isEmpty();
        store.create(machine(1));
        Machine changed = store.update(mac(1), m -> new Machine(m.mac(), "changed", m.profile(), m.labels(), m.metadata()))
                .orElseThrow();
        assertThat(changed.hostname()).isEqualTo("changed");
        assertThatThrownBy(() -> store.update(mac(1), m -> {
            throw new InvalidMachineException(List.of(new Violation("hostname", "no")));
        })).isInstanceOf(InvalidMachineException.class);
        assertThat(reopened().get(mac(1))).contains(changed);
    }

    @Test
    void deleteSaysWhetherTheMachineExisted() throws Exception {
        MachineStore store = store();
        store.create(machine(1));
        assertThat(store.delete(mac(1))).isTrue();
        assertThat(store.delete(mac(1))).isFalse();
        assertThat(reopened().get(mac(1))).isEmpty();
        assertThat(reopened().list()).isEmpty();
    }

    @Test
    void concurrentRegistrationsOfOneMacLetExactlyOneWin() throws Exception {
        MachineStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i % 100;
            work.add(pool.submit(() -> {
                try {
                    store.create(machine(n));
                } catch (MachineExistsException e) {
                    conflicts.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        assertThat(conflicts).hasValue(100);
        assertThat(reopened().list()).hasSize(100);
    }

    @Test
    void concurrentUpdatesLoseNoWrite() throws Exception {
        MachineStore store = store();
        store.create(new Machine(mac(1), null, "worker", Map.of(), Map.of("count", 0L)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            work.add(pool.submit(() -> store.update(mac(1), m -> new Machine(m.mac(), null, "worker", Map.of(),
                    Map.of("count", (Long) m.metadata().get("count") + 1)))));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        assertThat(reopened().get(mac(1)).orElseThrow().metadata()).containsEntry("count", 100L);
    }
}
