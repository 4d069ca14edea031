package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine's states with real firmware: QEMU's iPXE ROM, and a disk behind the NIC whose boot sector says so on the
 * serial port (harness/boot-http.sh LOCAL_DISK=1). In provision the VM boots its profile's kernel; set to local, the
 * server sends it to its disk (iPXE exit, then the BIOS's next boot device); set to reprovision, it boots the kernel
 * once and the server puts it back to local.
 */
class MachineStatesIT {

    private static final String MAC = "52:54:00:e2:e0:05";
    private static final String TOKEN = "e2e-api-token";

    @TempDir
    Path work;

    @Test
    void provisionThenLocalThenReprovisionOnceBackToLocal() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path harness = Harness.script(repository, "boot-http.sh");
        Path srv = Harness.fixtures(harness, work);
        Path data = work.resolve("data");
        Harness.guestAssets(srv, data, "kernel", "initrd.gz", "oem.cpio.gz");
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/e2e.yaml"), """
                boot:
                  kernel: e2e/kernel
                  initrds: [e2e/initrd.gz, e2e/oem.cpio.gz]
                  args: [console=ttyS0, panic=-1]
                local_boot: exit
                """);

        try (ServerProcess server = ServerProcess.start(repository, jar, work.resolve("server.log"),
                Map.of("PROVISIONER_DATA_DIR", data.toString(), "PROVISIONER_API_TOKEN", TOKEN,
                        "PROVISIONER_RETRY_DELAY", "2s"))) {
            TestHttp api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(TOKEN));
            assertThat(api.json("POST", "/api/v1/machines",
                    "{\"mac\":\"" + MAC + "\",\"hostname\":\"e2e-disk\",\"profile\":\"e2e\"}").statusCode()).isEqualTo(201);

            String provisioned = boot(server, "provision", false);
            assertThat(provisioned).contains("E2E-MARKER: init started").doesNotContain("E2E-LOCAL-DISK");

            assertThat(state(api, "local")).isEqualTo("local");
            String local = boot(server, "local", true);
            assertThat(local).contains("E2E-LOCAL-DISK: booted")
                    .doesNotContain("E2E-MARKER: init started");

            assertThat(state(api, "reprovision")).isEqualTo("reprovision");
            String reprovisioned = boot(server, "reprovision", false);
            assertThat(reprovisioned).contains("E2E-MARKER: init started");
            assertThat(TestHttp.parse(api.get("/api/v1/machines/" + MAC)).get("state").asText())
                    .as("back to local once the boot reached its goal").isEqualTo("local");
            String events = api.get("/api/v1/machines/" + MAC + "/events").body();
            assertThat(events).contains("\"outcome\":\"local\"", "\"kind\":\"machine_state\"", "reprovision to local by provisioner");
        }
    }

    private String state(TestHttp api, String state) throws Exception {
        return TestHttp.parse(api.send("PATCH", "/api/v1/machines/" + MAC, "application/merge-patch+json",
                "{\"state\":\"" + state + "\"}")).get("state").asText();
    }

    private String boot(ServerProcess server, String name, boolean local) throws Exception {
        Path vm = work.resolve("vm-" + name);
        Map<String, String> env = new HashMap<>(Map.of("WORK", vm.toString(), "MAC", MAC, "TIMEOUT", "300",
                "LOCAL_DISK", "1"));
        if (local) {
            env.put("EXPECT_LOCAL", "1");
        }
        Path log = work.resolve("boot-" + name + ".log");
        int exit = Harness.run(List.of("bash", Harness.script(Path.of(System.getProperty("provisioner.repo")),
                "boot-http.sh").toString(), "http://127.0.0.1:" + server.port), env, log, 360);
        assertThat(exit).as("boot-http.sh (%s); its log:\n%s\nserver log:\n%s", name, Files.readString(log),
                Files.readString(server.log)).isZero();
        return Files.readString(vm.resolve("serial.txt"));
    }
}
