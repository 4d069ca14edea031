package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real firmware: QEMU with Debian's iPXE ROM boots from the server over HTTP (harness/boot-http.sh).
 * The guest's kernel and initrds are the harness's fixtures, named by a profile; the machine is registered
 * through the API; the guest reports its kernel command line and the OEM archive it received on its serial port.
 */
class BootOverHttpIT {

    private static final String MAC = "52:54:00:e2:e0:01";
    private static final String UUID = "12345678-9abc-def0-1234-56789abcdef0";
    private static final String SERIAL = "E2E-SERIAL-0001";
    private static final String TOKEN = "e2e-api-token";

    @TempDir
    Path work;

    @Test
    void aVirtualMachineBootsTheKernelInitrdsAndArgsOfItsProfile() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path harness = Harness.script(repository, "boot-http.sh");
        assertThat(harness).as("the boot harness").exists();
        assertThat(jar).as("the server jar (mvn package)").exists();

        Path srv = Harness.fixtures(harness, work);
        Path data = work.resolve("data");
        Harness.guestAssets(srv, data, "kernel", "initrd.gz", "oem.cpio.gz");
        String marker = "e2e.profile=marker-" + ProcessHandle.current().pid();
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/e2e.yaml"), """
                boot:
                  kernel: e2e/kernel
                  initrds: [e2e/initrd.gz, e2e/oem.cpio.gz]
                  args: [console=ttyS0, panic=-1, %s]
                """.formatted(marker));

        try (ServerProcess server = ServerProcess.start(repository, jar, work.resolve("server.log"),
                Map.of("PROVISIONER_DATA_DIR", data.toString(), "PROVISIONER_API_TOKEN", TOKEN,
                        "PROVISIONER_RETRY_DELAY", "2s"))) {
            TestHttp api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(TOKEN));
            assertThat(api.json("POST", "/api/v1/machines",
                    "{\"mac\":\"" + MAC.toUpperCase() + "\",\"hostname\":\"e2e-blade\",\"profile\":\"e2e\"}").statusCode())
                    .isEqualTo(201);

            Path vm = work.resolve("vm");
            int exit = Harness.run(List.of("bash", harness.toString(), "http://127.0.0.1:" + server.port),
                    Map.of("WORK", vm.toString(), "MAC", MAC, "UUID", UUID, "SERIAL", SERIAL, "TIMEOUT", "400"),
                    work.resolve("boot.log"), 480);
            String bootLog = Files.readString(work.resolve("boot.log"));
            assertThat(exit).as("boot-http.sh exit code; its log:\n%s\nserver log:\n%s", bootLog,
                    Files.readString(server.log)).isZero();
            assertThat(bootLog).contains("E2E-RESULT: PASS");

            String serial = Files.readString(vm.resolve("serial.txt"));
            String cmdline = serial.lines().filter(l -> l.startsWith("E2E-CMDLINE:")).findFirst().orElseThrow();
            assertThat(cmdline).contains("console=ttyS0", "panic=-1", marker);
            assertThat(serial).contains("E2E-MARKER: init started");  // initrd.gz's /init ran
            assertThat(serial).contains("E2E-OEM-FILE /usr/share/oem/config.ign");  // oem.cpio.gz was loaded too

            JsonNode events = TestHttp.parse(api.get("/api/v1/machines/" + MAC + "/events")).get("events");
            List<String> served = new ArrayList<>();
            events.forEach(e -> served.add(String.join(" ", e.get("transport").asText(), e.get("kind").asText(),
                    e.get("outcome").asText(), e.get("artifact").asText())));
            assertThat(served).contains("http ipxe_script served e2e", "http asset served e2e/kernel",
                    "http asset served e2e/initrd.gz", "http asset served e2e/oem.cpio.gz");
            JsonNode script = events.get(served.indexOf("http ipxe_script served e2e"));
            assertThat(script.get("mac").asText()).isEqualTo(MAC);
            assertThat(script.get("uuid").asText()).isEqualTo(UUID);
            assertThat(script.get("serial").asText()).isEqualTo(SERIAL);

            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(Files.readString(server.log)).doesNotContain(TOKEN);
        }
    }
}
