package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real firmware boots through the server's ProxyDHCP, beside a DHCP server that hands out addresses only
 * (harness/boot-proxydhcp.sh: dnsmasq with no boot options, the server jar and QEMU in a network namespace of their
 * own). BIOS: QEMU's iPXE ROM is sent straight to /boot.ipxe. UEFI: Debian's OVMF with a NIC without an option ROM,
 * so the firmware's own PXE loads ipxe.efi over TFTP, and iPXE asks again and is sent to /boot.ipxe. UEFI HTTP boot:
 * the same OVMF with its PXE turned off, so that HTTP boot asks as an HTTPClient and loads ipxe.efi over HTTP. All
 * boot the registered machine's profile. Reservation mode: no other DHCP server; OVMF's PXE and then iPXE get the
 * machine's reserved address and their files from the server alone.
 */
class ProxyDhcpBootIT {

    private static final String MAC = "52:54:00:e2:d0:01";
    private static final String UUID = "12345678-9abc-def0-1234-56789abcd0d0";
    /** Outside dnsmasq's range in the harness, so that only reservation mode can have given it. */
    private static final String RESERVED = "10.213.0.77";

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} {3}")
    @CsvSource({
        "bios, 0, ipxe, proxy",
        "uefi, 7, efi, proxy",
        "uefi-http, 16, efi, proxy",
        "uefi, 7, efi, reservation"
    })
    void aMachineBootsItsProfileWithNoDhcpConfiguredForPxe(String firmware, String arch, String platform, String mode)
            throws Exception {
        boolean reservation = mode.equals("reservation");
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path srv = Harness.fixtures(Harness.script(repository, "boot-http.sh"), work);
        Path data = work.resolve("data");
        Harness.guestAssets(srv, data, "kernel", "initrd.gz", "oem.cpio.gz");
        // the first files, from Debian's ipxe package, as the README says to copy them
        Path tftpboot = Files.createDirectories(data.resolve("tftpboot"));
        for (String file : List.of("undionly.kpxe", "ipxe.efi", "snponly.efi")) {
            Files.copy(Path.of("/usr/lib/ipxe", file), tftpboot.resolve(file));
        }
        String marker = "e2e.proxydhcp=" + firmware + "-" + ProcessHandle.current().pid();
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/e2e.yaml"), """
                boot:
                  kernel: e2e/kernel
                  initrds: [e2e/initrd.gz, e2e/oem.cpio.gz]
                  args: [console=ttyS0, panic=-1, %s]
                """.formatted(marker));
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("machines/" + MAC.replace(':', '-') + ".yaml"), "hostname: e2e-dhcp\nprofile: e2e\n"
                + (reservation ? "ipv4: " + RESERVED + "\n" : ""));

        String server = Harness.serverInNamespace(repository, jar, data, "PROVISIONER_DHCP_MODE=" + mode,
                "PROVISIONER_DHCP_NETMASK=255.255.255.0", "PROVISIONER_RETRY_DELAY=2s");
        Path vm = work.resolve("vm");
        int exit = Harness.run(List.of("bash", Harness.script(repository, "boot-proxydhcp.sh").toString()),
                Map.of("WORK", vm.toString(), "MAC", MAC, "UUID", UUID, "FIRMWARE", firmware, "TIMEOUT", "400",
                        "OTHER_DHCP", reservation ? "none" : "dnsmasq",
                        "SERVER_CMD", server), work.resolve("boot.log"), 520);
        String bootLog = Files.readString(work.resolve("boot.log"));
        String serverLog = Files.readString(vm.resolve("server.log"));
        assertThat(exit).as("boot-proxydhcp.sh; its log:\n%s\nserver log:\n%s", bootLog, serverLog).isZero();
        assertThat(bootLog).contains("E2E-RESULT: PASS");
        assertThat(Files.readString(vm.resolve("serial.txt"))).contains(marker, "E2E-MARKER: init started");

        // what the server decided, in its boot event lines: the firmware's first file (for UEFI, ipxe.efi over TFTP),
        // then iPXE's own DHCP answered with the script's URL, then the script
        List<String> events = serverLog.lines().filter(l -> l.contains("boot event: mac=" + MAC)).toList();
        assertThat(events).anySatisfy(e -> assertThat(e)
                .contains("uuid=" + UUID, "arch=" + arch, "platform=" + platform, "dhcp dhcp_boot_file served e2e"));
        if (arch.equals("7")) {
            // (QEMU's BIOS NIC ROM is iPXE itself, which is given its script at once: no TFTP)
            assertThat(events).as("OVMF's PXE download, named for the machine, with its size and duration")
                    .anySatisfy(e -> assertThat(e).containsPattern("tftp dhcp_boot_file served ipxe.efi "
                            + "\\(\\d+ bytes in \\d+ ms\\)"));
            assertThat(events).as("PXE booted it: OVMF did not fall back to HTTP boot")
                    .noneSatisfy(e -> assertThat(e).contains("platform=efi-http"));
        }
        if (arch.equals("16")) {
            assertThat(events).as("UEFI HTTP boot fetched iPXE over HTTP, named by the URL it was given")
                    .anySatisfy(e -> assertThat(e).contains("http dhcp_boot_file served ipxe.efi"));
        }
        assertThat(events).anySatisfy(e -> assertThat(e).contains("platform=ipxe", "dhcp dhcp_boot_file served e2e"));
        assertThat(events).anySatisfy(e -> assertThat(e).contains("http ipxe_script served e2e"));
        if (reservation) {
            assertThat(events).as("the script fetched from the address the machine's record reserves")
                    .anySatisfy(e -> assertThat(e).contains("from=" + RESERVED, "http ipxe_script served e2e"));
        } else {
            // dnsmasq gave the address, and nothing about booting
            assertThat(Files.readString(vm.resolve("dnsmasq.log"))).contains("DHCPACK(pxetap0)").doesNotContain("bootfile=");
        }
    }
}
