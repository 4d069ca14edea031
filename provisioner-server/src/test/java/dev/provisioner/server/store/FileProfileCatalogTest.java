package dev.provisioner.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.EnrollMode;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileProfileCatalogTest {

    @TempDir
    Path data;

    private FileProfileCatalog catalog(String id, String yaml) throws Exception {
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/" + id + ".yaml"), yaml);
        FileProfileCatalog catalog = new FileProfileCatalog(data);
        catalog.refresh();
        return catalog;
    }

    @Test
    void readsAProfile() throws Exception {
        FileProfileCatalog catalog = catalog("flatcar-worker", """
                id: flatcar-worker
                boot:
                  kernel: flatcar/vmlinuz
                  initrds: [flatcar/image.cpio.gz, extra/oem.cpio.gz]
                  args: [flatcar.first_boot=1, console=ttyS0]
                config: worker.yaml
                """);
        assertThat(catalog.get("flatcar-worker")).contains(new Profile("flatcar-worker",
                new BootSpec("flatcar/vmlinuz", List.of("flatcar/image.cpio.gz", "extra/oem.cpio.gz"),
                        List.of("flatcar.first_boot=1", "console=ttyS0")), Optional.of("worker.yaml")));
        assertThat(catalog.problems()).isEmpty();
    }

    /** Each broken profile is reported at the line and column of the offending value. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "boot:\\n  kernel: k\\n  initrd: [i]\\n | 3 | 3 | unknown key 'boot.initrd'; did you mean 'initrds'?",
        "boot:\\n  initrds: [i]\\n | 2 | 3 | 'boot.kernel' is required",
        "boot:\\n  kernel: ../../etc/shadow\\n | 2 | 11 | must be a relative path",
        "boot:\\n  kernel: /abs/vmlinuz\\n | 2 | 11 | must be a relative path",
        "boot:\\n  kernel: k\\n  args: ['a b']\\n | 3 | 9 | contains white space",
        "boot:\\n  kernel: k\\n  initrds: [a/x.gz, b/x.gz]\\n | 3 | 12 | share the file name",
        "boot:\\n  kernel: [k]\\n | 2 | 11 | must be a single value",
        "id: other\\nboot:\\n  kernel: k\\n | 1 | 5 | differs from the file name",
        "boot: {kernel: k\\n | 2 | 1 | expected ',' or '}'",
        "- just\\n- a list\\n | 1 | 1 | expected a mapping",
        "boot:\\n  kernel: k\\nswarm:\\n  role: boss\\n | 4 | 9 | swarm.role is worker or manager, not 'boss'",
        "boot:\\n  kernel: k\\nswarm:\\n  rol: worker\\n | 4 | 3 | did you mean 'role'?",
        "boot:\\n  kernel: k\\nswarm: worker\\n | 3 | 8 | 'swarm' must be a mapping",
        "boot:\\n  kernel: k\\nswarm:\\n  role: worker\\nenroll: sometimes\\n | 5 | 9 | enroll is every-boot (diskless machines) or armed",
        "boot:\\n  kernel: k\\nenroll: armed\\n | 3 | 9 | enroll applies to profiles with a swarm role",
        "boot:\\n  kernel: k\\noem_layout: coreos\\n | 3 | 13 | oem_layout is flatcar",
        "boot:\\n  kernel: k\\noem_layout: fcos\\noem_file: raw.ign\\n | 4 | 11 | always names the file config.ign",
        "boot:\\n  kernel: k\\noem_layout: fcos\\nignition: 2.3.0\\n | 3 | 13 | cannot carry spec 2.3.0",
        "boot:\\n  kernel: k\\nlocal_boot: grub\\n | 3 | 13 | local_boot is exit (back to the firmware's next boot device) or sanboot",
    })
    void reportsWhereAProfileIsBroken(String yaml, int line, int column, String message) throws Exception {
        FileProfileCatalog catalog = catalog("p", yaml.replace("\\n", "\n"));
        assertThat(catalog.get("p")).isEmpty();
        Problem problem = catalog.problemOf("p").orElseThrow();
        assertThat(problem.file()).isEqualTo("profiles/p.yaml");
        assertThat(problem.message()).contains(message);
        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.column()).isEqualTo(column);
    }

    @Test
    void readsTheSwarmRoleAndTheOemLayout() throws Exception {
        FileProfileCatalog catalog = catalog("m", "boot:\n  kernel: k\nswarm:\n  role: manager\noem_layout: fcos\nenroll: armed\n");
        assertThat(catalog.get("m")).hasValueSatisfying(p -> {
            assertThat(p.swarmRole()).contains(SwarmRole.MANAGER);
            assertThat(p.oem()).isEqualTo(OemFormat.FCOS);
            assertThat(p.enroll()).isEqualTo(EnrollMode.ARMED);
        });
    }

    @Test
    void refusesFilesThatAreNotUtf8() throws Exception {
        Files.createDirectories(data.resolve("profiles"));
        Files.write(data.resolve("profiles/p.yaml"), new byte[] {'b', 'o', 'o', 't', ':', ' ', (byte) 0xff, '\n'});
        FileProfileCatalog catalog = new FileProfileCatalog(data);
        catalog.refresh();
        assertThat(catalog.problemOf("p")).map(Problem::message).contains("is not valid UTF-8");
    }
}
