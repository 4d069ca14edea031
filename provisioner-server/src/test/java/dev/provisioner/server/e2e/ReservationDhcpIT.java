package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reservation mode, the only DHCP server of an isolated network: ISC's dhclient (Debian isc-dhcp-client), with the
 * MAC of a registered machine, is given the address in the machine's record, with the configured netmask, router,
 * DNS and lease time; a network boot of that machine gets the address and its first file (scapy); a machine that is
 * not registered gets nothing (harness/proxydhcp-probes.sh, network namespaces of its own).
 */
class ReservationDhcpIT {

    @TempDir
    Path work;

    @Test
    void aRegisteredMachineGetsItsReservedAddressAndNobodyElseGetsAnything() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path data = work.resolve("data");
        Files.createDirectories(data.resolve("profiles"));
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("profiles/blade.yaml"), "boot:\n  kernel: k/vmlinuz\n");
        Files.writeString(data.resolve("machines/52-54-00-e2-d0-07.yaml"), "hostname: reserved\nprofile: blade\nipv4: 10.213.0.77\n");
        Files.writeString(data.resolve("machines/52-54-00-e2-d0-08.yaml"), "hostname: no-address\nprofile: blade\n");
        Path out = work.resolve("out");
        Path probes = work.resolve("probes.txt");
        Files.writeString(probes, String.join("\n",
                "dhclient !timeout 15 dhclient -d -1 -4 -sf /bin/true -lf " + out.resolve("dhclient.leases") + " -pf "
                        + out.resolve("dhclient.pid") + " eth0; cat " + out.resolve("dhclient.leases"),
                "pxe --mac 52:54:00:e2:d0:07 --arch 7",
                "noaddress --mac 52:54:00:e2:d0:08 --arch 7",
                "stranger --mac 52:54:00:e2:d0:99 --arch 7") + "\n");
        String server = Harness.serverInNamespace(repository, jar, data, "PROVISIONER_DHCP_MODE=reservation",
                "PROVISIONER_DHCP_NETMASK=255.255.255.0", "PROVISIONER_DHCP_ROUTER=10.213.0.1", "PROVISIONER_DHCP_DNS=10.213.0.1",
                "PROVISIONER_DHCP_LEASE_TIME=2h");
        int exit = Harness.run(List.of("bash", Harness.script(repository, "proxydhcp-probes.sh").toString()),
                Map.of("WORK", out.toString(), "SERVER_CMD", server, "PROBES", probes.toString(),
                        "CLIENT_MAC", "52:54:00:e2:d0:07"), work.resolve("probes.log"), 300);
        assertThat(exit).as("proxydhcp-probes.sh; its log:\n%s", Files.readString(work.resolve("probes.log"))).isZero();

        String lease = Files.readString(out.resolve("dhclient.json"));
        assertThat(lease).as(Files.readString(out.resolve("dhclient.err"))).contains("fixed-address 10.213.0.77;",
                "option subnet-mask 255.255.255.0;", "option routers 10.213.0.1;", "option domain-name-servers 10.213.0.1;",
                "option dhcp-lease-time 7200;", "option dhcp-server-identifier 10.213.0.1;");
        assertThat(Files.readString(out.resolve("dhclient.err"))).contains("DHCPACK of 10.213.0.77 from 10.213.0.1");

        List<String> pxe = Files.readAllLines(out.resolve("pxe.json"));
        assertThat(pxe).hasSize(1);
        JsonNode offer = new ObjectMapper().readTree(pxe.get(0));
        assertThat(offer.get("yiaddr").asText()).isEqualTo("10.213.0.77");
        assertThat(offer.get("file").asText()).isEqualTo("ipxe.efi?mac=52-54-00-e2-d0-07");
        assertThat(Files.readAllLines(out.resolve("noaddress.json"))).as("registered, no ipv4").isEmpty();
        assertThat(Files.readAllLines(out.resolve("stranger.json"))).isEmpty();
    }
}
