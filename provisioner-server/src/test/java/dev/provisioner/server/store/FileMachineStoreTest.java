package dev.provisioner.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineExistsException;
import dev.provisioner.server.core.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMachineStoreTest {

    @TempDir
    Path data;

    private static MacAddress mac(int n) {
        return MacAddress.parse(String.format("52:54:00:00:%02x:%02x", n >> 8, n & 0xff)).orElseThrow();
    }

    private static Machine machine(int n) {
        return new Machine(mac(n), "node-" + n, "worker", Map.of("rack", "r" + n % 3), Map.of("slot", (long) n));
    }

    @Test
    void writesOneYamlFilePerMachineAndReadsItBack() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
        store.create(machine(1));
        Path file = data.resolve("machines/52-54-00-00-00-01.yaml");
        assertThat(Files.readString(file)).contains("mac: '52:54:00:00:00:01'", "hostname: node-1", "profile: worker",
                "rack: r1", "slot: 1");
        FileMachineStore reopened = new FileMachineStore(data);
        reopened.refresh();
        assertThat(reopened.get(mac(1))).contains(machine(1));
        assertThat(reopened.problems()).isEmpty();
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
        for (int i = 0; i < 20; i++) {
            store.put(machine(i));
        }
        store.delete(mac(3));
        try (Stream<Path> files = Files.list(data.resolve("machines"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .hasSize(19).allMatch(name -> name.matches("52-54-00-00-00-[0-9a-f]{2}\\.yaml"));
        }
    }

    @Test
    void refusesToRegisterATakenMac() {
        FileMachineStore store = new FileMachineStore(data);
        store.create(machine(1));
        assertThatThrownBy(() -> store.create(machine(1))).isInstanceOf(MachineExistsException.class);
    }

    @Test
    void picksUpHandEditsAndDeletions() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
        store.create(machine(1));
        Files.writeString(data.resolve("machines/52-54-00-00-00-02.yaml"), "profile: worker\nhostname: by-hand\n");
        Files.writeString(data.resolve("machines/52-54-00-00-00-01.yaml"), "profile: other\n");
        store.refresh();
        assertThat(store.get(mac(2)).orElseThrow().hostname()).isEqualTo("by-hand");
        assertThat(store.get(mac(1)).orElseThrow().profile()).isEqualTo("other");
        Files.delete(data.resolve("machines/52-54-00-00-00-01.yaml"));
        store.refresh();
        assertThat(store.get(mac(1))).isEmpty();
        assertThat(store.list()).extracting(Machine::mac).containsExactly(mac(2));
    }

    @Test
    void keepsServingTheLastGoodVersionOfABrokenFileAndSaysWhere() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
        store.create(machine(1));
        Path file = data.resolve("machines/52-54-00-00-00-01.yaml");
        Files.writeString(file, "profile: worker\nlabels:\n  rack: [unclosed\n");
        store.refresh();
        assertThat(store.get(mac(1))).contains(machine(1));
        assertThat(store.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("machines/52-54-00-00-00-01.yaml");
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.column()).isEqualTo(1);
        });
        Files.writeString(file, "profile: fixed\n");
        store.refresh();
        assertThat(store.get(mac(1)).orElseThrow().profile()).isEqualTo("fixed");
        assertThat(store.problems()).isEmpty();
    }

    @Test
    void neverServesAHalfValidMachine() throws Exception {
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("machines/52-54-00-00-00-07.yaml"),
                "hostname: x\nprofile: worker\nlables:\n  rack: r1\n");
        Files.writeString(data.resolve("machines/52-54-00-00-00-08.yaml"),
                "mac: 52:54:00:00:00:09\nprofile: worker\n");
        Files.writeString(data.resolve("machines/not-a-mac.yaml"), "profile: worker\n");
        FileMachineStore store = new FileMachineStore(data);
        store.refresh();
        assertThat(store.list()).isEmpty();
        assertThat(store.problems()).extracting(Problem::toString).containsExactly(
                "machines/52-54-00-00-00-07.yaml:3:1: unknown key 'lables'; did you mean 'labels'?",
                "machines/52-54-00-00-00-08.yaml:1:6: mac 52:54:00:00:00:09 differs from the file name (52-54-00-00-00-08.yaml)",
                "machines/not-a-mac.yaml: the file name is not a valid machines name; the file is ignored");
    }

    @Test
    void refusesDuplicateKeysAndAliasBombs() throws Exception {
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("machines/52-54-00-00-00-01.yaml"), "profile: a\nprofile: b\n");
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        Files.writeString(data.resolve("machines/52-54-00-00-00-02.yaml"), "profile: a\nmetadata:\n  "
                + bomb.toString().replace("\n", "\n  "));
        FileMachineStore store = new FileMachineStore(data);
        store.refresh();
        assertThat(store.list()).isEmpty();
        assertThat(store.problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("duplicate key 'profile' (first given on line 1)"))
                .anySatisfy(m -> assertThat(m).containsIgnoringCase("aliases"));
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i % 200;  // every MAC registered twice, concurrently
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
        assertThat(conflicts).hasValue(200);
        FileMachineStore reopened = new FileMachineStore(data);
        reopened.refresh();
        assertThat(reopened.list()).hasSize(200);
        assertThat(reopened.problems()).isEmpty();
    }

    @Test
    void updatesAreReadModifyWriteUnderTheLock() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
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
        FileMachineStore reopened = new FileMachineStore(data);
        reopened.refresh();
        assertThat(reopened.get(mac(1)).orElseThrow().metadata()).containsEntry("count", 100L);
    }
}
