package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's ProxyDHCP at the packet level, probed by a client not written here: scapy (harness/dhcp-probe.py),
 * from a network namespace of its own, against the server jar in another (harness/proxydhcp-probes.sh). One run of
 * all probes; each test reads the replies of its probes.
 */
class ProxyDhcpProbeIT {

    private static final String MAC = "52:54:00:e2:d0:01";
    private static final String SERVER = "10.213.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static Path out;

    @BeforeAll
    static void probe() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path data = work.resolve("data");
        Files.createDirectories(data.resolve("profiles"));
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("profiles/blade.yaml"), "boot:\n  kernel: k/vmlinuz\n");
        Files.writeString(data.resolve("profiles/snp.yaml"), "boot:\n  kernel: k/vmlinuz\nefi_loader: snponly.efi\n");
        Files.writeString(data.resolve("machines/52-54-00-e2-d0-01.yaml"), "hostname: probed\nprofile: blade\n");
        Files.writeString(data.resolve("machines/52-54-00-e2-d0-02.yaml"), "hostname: probed-snp\nprofile: snp\n");
        String m = "--mac " + MAC + " ";
        Path probes = work.resolve("probes.txt");
        Files.writeString(probes, String.join("\n",
                "bios " + m + "--arch 0",
                "efi7 " + m + "--arch 7",
                "efi9 " + m + "--arch 9",
                "snp --mac 52:54:00:e2:d0:02 --arch 7",
                "arm64 " + m + "--arch 11",
                "http " + m + "--arch 16 --vendor HTTPClient:Arch:00016:UNDI:003016",
                "ipxe " + m + "--arch 0 --user-class iPXE",
                "relayed " + m + "--arch 7 --giaddr 10.213.0.50 --server " + SERVER,
                "overload " + m + "--arch 9 --overload",
                "pxe4011 " + m + "--arch 7 --type request --ciaddr 10.213.0.50 --server " + SERVER + " --dport 4011",
                "unknown --mac 52:54:00:e2:d0:99 --arch 0",
                "notpxe " + m + "--arch 0 --vendor MSFT5.0",
                "request67 " + m + "--arch 0 --type request",
                "garbage " + m + "--garbage 30 --wait 0",
                "after " + m + "--arch 0",
                // busybox's client with PXE options, from the registered MAC (CLIENT_MAC): it takes the proxy's offer
                "udhcpc !timeout 8 busybox udhcpc -i eth0 -n -q -t 2 -T 2 -V PXEClient:Arch:00000:UNDI:002001"
                        + " -x 0x5d:0000 -s /bin/true -f 2>&1") + "\n");
        String server = Harness.serverInNamespace(repository, jar, data, "PROVISIONER_DHCP_MODE=proxy", "PROVISIONER_DHCP_ARM_BINARY=ipxe-arm64.efi");
        out = work.resolve("out");
        int exit = Harness.run(List.of("bash", Harness.script(repository, "proxydhcp-probes.sh").toString()),
                Map.of("WORK", out.toString(), "SERVER_CMD", server, "PROBES", probes.toString(), "CLIENT_MAC", MAC),
                work.resolve("probes.log"), 600);
        assertThat(exit).as("proxydhcp-probes.sh; its log:\n%s", Files.readString(work.resolve("probes.log"))).isZero();
    }

    private static List<JsonNode> replies(String probe) throws Exception {
        List<JsonNode> replies = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(probe + ".json"))) {
            replies.add(JSON.readTree(line));
        }
        return replies;
    }

    private static JsonNode only(String probe) throws Exception {
        List<JsonNode> replies = replies(probe);
        assertThat(replies).as(probe).hasSize(1);
        return replies.get(0);
    }

    @Test
    void eachArchitectureGetsItsFirstFileInAnOfferWithoutAnAddress() throws Exception {
        // over TFTP too, the first file is named for the machine, so that its transfer lands in its timeline
        String named = "?mac=52-54-00-e2-d0-01";
        Map<String, String> expected = Map.of("bios", "undionly.kpxe" + named, "efi7", "ipxe.efi" + named,
                "efi9", "ipxe.efi" + named, "snp", "snponly.efi?mac=52-54-00-e2-d0-02", "arm64", "ipxe-arm64.efi" + named,
                "http", "http://" + SERVER + ":8080/boot/ipxe.efi" + named,
                "ipxe", "http://" + SERVER + ":8080/boot.ipxe", "overload", "ipxe.efi" + named);
        for (Map.Entry<String, String> probe : expected.entrySet()) {
            JsonNode offer = only(probe.getKey());
            assertThat(offer.get("file").asText()).as(probe.getKey()).isEqualTo(probe.getValue());
            assertThat(offer.get("yiaddr").asText()).as("ProxyDHCP never offers an address").isEqualTo("0.0.0.0");
            assertThat(offer.get("siaddr").asText()).isEqualTo(SERVER);
            assertThat(offer.at("/options/message-type").asInt()).isEqualTo(2);
            assertThat(offer.at("/options/server_id").asText()).isEqualTo(SERVER);
            assertThat(offer.at("/options/pxe_client_machine_identifier").asText())
                    .as("option 97 echoed").isEqualTo("00000102030405060708090a0b0c0d0e0f");
            assertThat(offer.get("to").asText()).isEqualTo("255.255.255.255:68");
        }
        assertThat(only("http").at("/options/vendor_class_id").asText()).as("HTTPClient echoed")
                .isEqualTo("48545450436c69656e74");
        assertThat(only("bios").at("/options/vendor_class_id").asText()).isEqualTo("505845436c69656e74");
        assertThat(only("bios").at("/options/vendor_specific").asText()).as("PXE discovery control: no discovery")
                .isEqualTo("060108ff");
    }

    @Test
    void aRelayedRequestIsAnsweredThroughTheRelayAndPort4011WithAnAck() throws Exception {
        assertThat(only("relayed").get("to").asText()).isEqualTo("10.213.0.50:67");
        JsonNode ack = only("pxe4011");
        assertThat(ack.at("/options/message-type").asInt()).isEqualTo(5);
        assertThat(ack.get("to").asText()).isEqualTo("10.213.0.50:68");
        assertThat(ack.get("from").asText()).isEqualTo(SERVER + ":4011");
    }

    @Test
    void unregisteredMachinesOtherClientsAndRequestsForTheAddressServerGetNothing() throws Exception {
        assertThat(replies("unknown")).isEmpty();
        assertThat(replies("notpxe")).isEmpty();
        assertThat(replies("request67")).as("a REQUEST on 67 is the address server's").isEmpty();
        String log = Files.readString(out.resolve("server.log"));
        assertThat(log).contains("mac=52:54:00:e2:d0:99", "dhcp dhcp_boot_file not_registered");
    }

    @Test
    void malformedDatagramsAreCountedAndTheServerGoesOnAnswering() throws Exception {
        JsonNode metrics = JSON.readTree(Files.readString(out.resolve("metrics.json")));
        assertThat(metrics.at("/meters/dhcp.malformed/count").asInt()).isEqualTo(30);
        assertThat(only("after").get("file").asText()).isEqualTo("undionly.kpxe?mac=52-54-00-e2-d0-01");
        assertThat(Files.readString(out.resolve("server.log"))).doesNotContain("Exception", "\tat ");
    }

    @Test
    void busyboxUdhcpcSendingPxeOptionsIsAnsweredByTheProxy() throws Exception {
        assertThat(Files.readString(out.resolve("udhcpc.json"))).contains("select for 0.0.0.0, server " + SERVER);
        assertThat(Files.readString(out.resolve("server.log")))
                .contains("dhcp dhcp_boot_file served blade: DISCOVER from PXEClient:Arch:00000:UNDI:002001");
    }
}
