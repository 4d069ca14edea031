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
 * Real firmware, the real Ignition and a real swarm: a QEMU guest boots through the server's iPXE scripts, loads
 * the machine's oem.cpio.gz from /oem, and Debian's Ignition in the guest writes what the machine's rendered,
 * transpiled config says (harness/boot-ignition.sh, its fixtures' kernel and Ignition initrd), including
 * the swarm join unit, which carries the boot attempt's one-time enrollment credential and never the join token the
 * server read from the lab manager's Engine API (swarm-lab.sh).
 */
class BootIgnitionIT {

    private static final String MAC = "52:54:00:e2:e0:03";
    private static final String TOKEN = "e2e-ignition-token";

    @TempDir
    Path work;

    @Test
    void ignitionInTheGuestWritesTheMachinesOwnConfig() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path harness = Harness.script(repository, "boot-ignition.sh");
        assertThat(harness).exists();

        Path srv = Harness.fixtures(harness, work);
        Path data = work.resolve("data");
        Harness.guestAssets(srv, data, "kernel", "initrd.gz");
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/ignited.yaml"), """
                boot:
                  kernel: e2e/kernel
                  initrds: [e2e/initrd.gz]
                  args: [console=ttyS0, panic=-1]
                config: node.yaml
                swarm:
                  role: worker
                """);
        String marker = "marker-" + ProcessHandle.current().pid();
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"), """
                storage:
                  files:
                    - path: /etc/provisioner/identity
                      mode: 0644
                      contents:
                        inline: "[=machine.hostname] [=machine.mac] %s"
                docker:
                  flags: [--log-driver=journald]
                """.formatted(marker));

        try (SwarmLab lab = SwarmLab.up(repository, 0, "10.213.8");
             ServerProcess server = ServerProcess.start(repository, jar, work.resolve("server.log"),
                Map.of("PROVISIONER_DATA_DIR", data.toString(), "PROVISIONER_API_TOKEN", TOKEN,
                        "PROVISIONER_SWARM_DOCKER_HOST", "unix://" + lab.managerSocket()))) {
            TestHttp api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(TOKEN));
            assertThat(api.json("POST", "/api/v1/machines",
                    "{\"mac\":\"" + MAC + "\",\"hostname\":\"ign-blade\",\"profile\":\"ignited\"}").statusCode()).isEqualTo(201);

            Path vm = work.resolve("vm");
            String liveToken = lab.env.get("WORKER_TOKEN");
            // CHECK_FILE is the harness's default, /etc/systemd/system/docker-swarm-join.service
            int exit = Harness.run(List.of("bash", harness.toString(), "http://127.0.0.1:" + server.port),
                    Map.of("WORK", vm.toString(), "MAC", MAC, "TIMEOUT", "400", "EXPECT",
                            "--data-urlencode credential=" + MAC.replace(':', '-') + "."),
                    work.resolve("boot.log"), 480);
            String bootLog = Files.readString(work.resolve("boot.log"));
            assertThat(exit).as("boot-ignition.sh; its log:\n%s\nserver log:\n%s", bootLog, Files.readString(server.log))
                    .isZero();
            assertThat(bootLog).contains("E2E-RESULT: PASS");
            String serial = Files.readString(vm.resolve("serial.txt"));
            assertThat(serial).contains("E2E-IGNITION-RC files=0",
                    "ign-blade " + MAC + " " + marker,
                    "E2E-SYSROOT-BEGIN /etc/systemd/system/docker-swarm-leave.service",
                    "E2E-SYSROOT-BEGIN /etc/systemd/system-preset/20-ignition.preset",
                    "enable docker-swarm-join.service", "enable docker-swarm-leave.service",
                    "E2E-SYSROOT-BEGIN /etc/systemd/system/docker.service.d/20-clct-docker.conf",
                    "Environment=\"DOCKER_OPTS=--log-driver=journald\"", "/enroll)");
            // nothing the guest wrote, nor anything it read, holds the join token
            assertThat(serial).doesNotContain(liveToken, "SWMTKN");

            JsonNode events = TestHttp.parse(api.get("/api/v1/machines/" + MAC + "/events")).get("events");
            List<String> served = new ArrayList<>();
            events.forEach(e -> served.add(e.get("kind").asText() + " " + e.get("outcome").asText()));
            assertThat(served).contains("ipxe_script served", "oem_archive served");
            assertThat(server.stop()).isIn(0, 143);
        }
    }
}
