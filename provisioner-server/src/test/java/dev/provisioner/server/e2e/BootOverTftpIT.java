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
 * Real firmware over TFTP only: QEMU's iPXE ROM acting as a plain PXE ROM loads pxelinux.0 and ldlinux.c32 (Debian's
 * pxelinux and syslinux-common, from harness/boot-tftp.sh's fixtures) from the server, then the
 * machine's pxelinux.cfg/01-<mac> rendered from its profile, the kernel and initrd from assets/ and its
 * oem.cpio.gz, all over the server's TFTP (MODE=slirp: the guest reaches 127.0.0.1:PORT as 10.0.2.2:PORT).
 */
class BootOverTftpIT {

    private static final String MAC = "52:54:00:e2:e0:02";
    private static final String TOKEN = "e2e-tftp-token";

    @TempDir
    Path work;

    /** The data directory: the harness's pxelinux files and kernel, a profile with {@code marker} in its args. */
    private Path dataDirectory(Path harness, String marker) throws Exception {
        Path srv = Harness.fixtures(harness, work, "tftp");
        Path data = work.resolve("data");
        Path tftpboot = Files.createDirectories(data.resolve("tftpboot"));
        Files.copy(srv.resolve("pxelinux.0"), tftpboot.resolve("pxelinux.0"));
        Files.copy(srv.resolve("ldlinux.c32"), tftpboot.resolve("ldlinux.c32"));
        Harness.guestAssets(srv, data, "kernel", "initrd.gz");
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/pxe.yaml"), """
                boot:
                  kernel: e2e/kernel
                  initrds: [e2e/initrd.gz]
                  args: [console=ttyS0, quiet, panic=-1, %s]
                config: node.yaml
                """.formatted(marker));
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"),
                "storage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: [=machine.hostname]\n");
        return data;
    }

    @Test
    void pxelinuxBootsTheRegisteredMachinesProfileOverTheServersTftp() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path harness = Harness.script(repository, "boot-tftp.sh");
        String marker = "e2e.tftp=" + ProcessHandle.current().pid();
        Path data = dataDirectory(harness, marker);

        try (ServerProcess server = ServerProcess.start(repository, jar, work.resolve("server.log"),
                Map.of("PROVISIONER_DATA_DIR", data.toString(), "PROVISIONER_API_TOKEN", TOKEN))) {
            TestHttp api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(TOKEN));
            assertThat(api.json("POST", "/api/v1/machines",
                    "{\"mac\":\"" + MAC + "\",\"hostname\":\"tftp-blade\",\"profile\":\"pxe\"}").statusCode()).isEqualTo(201);

            int exit = Harness.run(List.of("bash", harness.toString(), "127.0.0.1:" + server.tftpPort),
                    Map.of("MODE", "slirp", "WORK", work.resolve("vm").toString(), "MAC", MAC, "TIMEOUT", "300",
                            "EXPECT", "tftp-blade", "EXPECT_CMDLINE", marker),
                    work.resolve("boot.log"), 420);
            String bootLog = Files.readString(work.resolve("boot.log"));
            assertThat(exit).as("boot-tftp.sh; its log:\n%s\nserver log:\n%s", bootLog, Files.readString(server.log))
                    .isZero();
            assertThat(bootLog).contains("E2E-RESULT: PASS");

            JsonNode events = TestHttp.parse(api.get("/api/v1/machines/" + MAC + "/events")).get("events");
            List<String> served = new ArrayList<>();
            events.forEach(e -> served.add(String.join(" ", e.get("transport").asText(), e.get("kind").asText(),
                    e.get("outcome").asText())));
            // the kernel and initrd were named with the machine's MAC, so their TFTP downloads are in its timeline too
            assertThat(served).contains("tftp pxelinux_config served", "tftp oem_archive served", "tftp asset served");
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    /**
     * The real PXE flow: the harness makes a network namespace with dnsmasq's DHCP (next-server, pxelinux.0) and
     * starts the server jar inside it on 10.213.0.1:69; the machine is registered by its file in the data directory.
     */
    @Test
    void theRealDhcpAndPxeFlowWithTheServerOnPort69InANamespace() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path harness = Harness.script(repository, "boot-tftp.sh");
        String marker = "e2e.netns=" + ProcessHandle.current().pid();
        Path data = dataDirectory(harness, marker);
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("machines/52-54-00-e2-e0-02.yaml"), "hostname: netns-blade\nprofile: pxe\n");
        Path vm = work.resolve("netns");
        String server = "cd '" + repository + "' && PROVISIONER_DATA_DIR='" + data + "' PROVISIONER_TFTP_PORT=69"
                + " PROVISIONER_BIND=\"$E2E_TFTP_ADDR\" PROVISIONER_HTTP_PORT=18080 PROVISIONER_ADMIN_PORT=18081"
                + " exec java -jar '" + jar + "' server config.yml";
        int exit = Harness.run(List.of("bash", harness.toString()),
                Map.of("MODE", "netns", "WORK", vm.toString(), "MAC", MAC, "TIMEOUT", "300", "TFTP_SERVER_CMD", server,
                        "SERVER_START_WAIT", "15", "EXPECT", "netns-blade", "EXPECT_CMDLINE", marker),
                work.resolve("netns.log"), 480);
        String log = Files.readString(work.resolve("netns.log"));
        String serverLog = Files.exists(vm.resolve("server.log")) ? Files.readString(vm.resolve("server.log")) : "(none)";
        assertThat(exit).as("boot-tftp.sh MODE=netns; its log:\n%s\nserver log:\n%s", log, serverLog).isZero();
        assertThat(log).contains("E2E-RESULT: PASS");
        assertThat(serverLog).contains("TFTP on /10.213.0.1:69", "tftp pxelinux_config served", "tftp oem_archive served");
    }
}
