package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.render.BootLoaderRenderer;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.store.FileMachineStore;
import dev.provisioner.server.store.FileProfileCatalog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot path with the real file stores and the real templates built into the jar. */
class BootServiceTest {

    private static final URI BASE = URI.create("http://boot.example:8080/");
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final SwarmUnits SWARM_UNITS = new SwarmUnits(TemplateEngine.withBuiltIns(Optional.empty()));

    @TempDir
    Path data;

    private FileMachineStore machines;
    private FileProfileCatalog profiles;
    private BootEventLog events;

    @BeforeEach
    void dataDirectory() throws Exception {
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/worker.yaml"), """
                boot:
                  kernel: flatcar/vmlinuz
                  initrds: [flatcar/image.cpio.gz, oem/oem.cpio.gz]
                  args: [flatcar.first_boot=1, console=ttyS0]
                """);
        Files.writeString(data.resolve("profiles/broken.yaml"), "boot:\n  kernal: x\n");
        machines = new FileMachineStore(data);
        profiles = new FileProfileCatalog(data);
        profiles.refresh();
        events = new BootEventLog(10, 10);
    }

    private BootService service(Optional<String> defaultProfile) {
        return new BootService(machines, profiles, new BootLoaderRenderer(TemplateEngine.withBuiltIns(Optional.empty()), Duration.ofSeconds(7)),
                new IgnitionConfigRenderer(data, SwarmSource.NONE, SWARM_UNITS), events, SwarmSource.NONE, defaultProfile, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    private static MachineKey key(String mac) {
        return MachineKey.reported(mac, "12345678-9abc-def0-1234-56789abcdef0", "SER1", "x86_64", "pcbios", "10.0.2.15");
    }

    @Test
    void aRegisteredMachineGetsItsProfilesKernelInitrdsAndArgs() {
        machines.create(new Machine(MAC, "worker-01", "worker", Map.of(), Map.of()));
        String script = service(Optional.empty()).ipxeScript(key("52-54-00-12-34-56"), BASE);
        assertThat(script).startsWith("#!ipxe\n").contains(
                "kernel --name vmlinuz http://boot.example:8080/assets/flatcar/vmlinuz?mac=52-54-00-12-34-56"
                        + " initrd=image.cpio.gz initrd=oem.cpio.gz flatcar.first_boot=1 console=ttyS0 || goto failed\n",
                "initrd --name image.cpio.gz http://boot.example:8080/assets/flatcar/image.cpio.gz?mac=52-54-00-12-34-56 || goto failed\n",
                "initrd --name oem.cpio.gz http://boot.example:8080/assets/oem/oem.cpio.gz?mac=52-54-00-12-34-56 || goto failed\n",
                "boot || goto failed\n",
                "(worker-01)");
        assertThat(script.indexOf("initrd --name image")).isLessThan(script.indexOf("initrd --name oem"));
        assertThat(events.of(MAC)).singleElement().satisfies(event -> {
            assertThat(event.uuid()).isEqualTo("12345678-9abc-def0-1234-56789abcdef0");
            assertThat(event.serial()).isEqualTo("SER1");
            assertThat(event.served()).isEqualTo("ipxe script");
            assertThat(event.detail()).isEqualTo("profile worker");
            assertThat(event.sourceAddress()).isEqualTo("10.0.2.15");
        });
    }

    @Test
    void anUnknownMachineIsToldOnItsConsoleAndRetries() {
        String script = service(Optional.empty()).ipxeScript(key("52:54:00:12:34:56"), BASE);
        assertThat(script).contains("echo Provisioner: machine 52:54:00:12:34:56 is not registered\n", "sleep 7\n",
                "chain --replace --autofree http://boot.example:8080/ipxe?mac=${mac:hexhyp}&uuid=${uuid}")
                .doesNotContain("kernel ");
        assertThat(events.of(MAC)).singleElement().extracting(BootEvent::served).isEqualTo("refusal: not registered");
    }

    @Test
    void anUnknownMachineBootsTheDefaultProfileWhenOneIsConfigured() {
        String script = service(Optional.of("worker")).ipxeScript(key("525400123456"), BASE);
        assertThat(script).contains("kernel --name vmlinuz", "with profile worker");
        assertThat(events.of(MAC)).singleElement().extracting(BootEvent::detail)
                .isEqualTo("profile worker (default profile, machine not registered)");
    }

    @Test
    void pxelinuxDefaultIsRenderedFromTheDefaultProfileOnlyWhenThereIsOne() {
        MachineKey nobody = MachineKey.reported(null, null, null, null, "pxe", "10.0.2.15");
        assertThat(service(Optional.empty()).pxelinuxDefault(nobody)).isEmpty();
        assertThat(service(Optional.of("worker")).pxelinuxDefault(nobody)).hasValueSatisfying(config -> assertThat(config)
                .contains("SAY Provisioner: booting an unregistered machine with profile worker\n",
                        "KERNEL flatcar/vmlinuz\n",
                        "APPEND initrd=flatcar/image.cpio.gz,oem/oem.cpio.gz flatcar.first_boot=1 console=ttyS0\n"));
        assertThat(service(Optional.of("broken")).pxelinuxDefault(nobody)).hasValueSatisfying(config -> assertThat(config)
                .contains("SAY Provisioner: the default profile broken cannot boot: profiles/broken.yaml:2:3: unknown key 'boot.kernal'",
                        "COM32 reboot.c32")
                .doesNotContain("KERNEL"));
    }

    @Test
    void aBrokenProfileIsExplainedOnTheConsoleWithFileLineAndColumn() {
        machines.create(new Machine(MAC, null, "broken", Map.of(), Map.of()));
        String script = service(Optional.empty()).ipxeScript(key("52:54:00:12:34:56"), BASE);
        assertThat(script).contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: profile broken: "
                + "profiles/broken.yaml:2:3: unknown key 'boot.kernal'; did you mean 'kernel'?").doesNotContain("kernel --name");
    }

    @Test
    void aBrokenBootTemplateIsExplainedOnTheConsole() throws Exception {
        Path templates = data.resolve("templates/ipxe");
        Files.createDirectories(templates);
        Files.writeString(templates.resolve("boot.ipxe.ftl"), "#!ipxe\nkernel [=kernel.nosuchfield]\n");
        machines.create(new Machine(MAC, null, "worker", Map.of(), Map.of()));
        BootService service = new BootService(machines, profiles,
                new BootLoaderRenderer(TemplateEngine.withBuiltIns(Optional.of(data.resolve("templates"))), Duration.ofSeconds(7)),
                new IgnitionConfigRenderer(data, SwarmSource.NONE, SWARM_UNITS), events, SwarmSource.NONE, Optional.empty(),
                Clock.systemUTC());
        assertThat(service.ipxeScript(key("52:54:00:12:34:56"), BASE))
                .contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: ipxe/boot.ipxe.ftl line 2 column 10:");
        assertThat(events.of(MAC)).singleElement().extracting(BootEvent::served).isEqualTo("refusal: broken template");
    }

    @Test
    void aProfileWithAConfigAddsTheMachinesOemArchiveAndFirstBootFlag() throws Exception {
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"), "storage:\n  files:\n    - path: /etc/hostname\n"
                + "      contents:\n        inline: [=machine.hostname]\n");
        Files.writeString(data.resolve("profiles/ignited.yaml"),
                "boot:\n  kernel: flatcar/vmlinuz\n  initrds: [flatcar/image.cpio.gz]\n  args: [console=ttyS0]\nconfig: node.yaml\n");
        Files.writeString(data.resolve("profiles/legacy.yaml"), "boot:\n  kernel: flatcar/vmlinuz\n  args: [coreos.first_boot=1]\n"
                + "config: node.yaml\nignition: 2.3.0\n");
        profiles.refresh();
        machines.create(new Machine(MAC, "n1", "ignited", Map.of(), Map.of()));
        String script = service(Optional.empty()).ipxeScript(key("52:54:00:12:34:56"), BASE);
        assertThat(script).contains(
                " initrd=image.cpio.gz initrd=oem.cpio.gz console=ttyS0 flatcar.first_boot=1 || goto failed",
                "initrd --name oem.cpio.gz http://boot.example:8080/oem/52-54-00-12-34-56.cpio.gz || goto failed");
        assertThat(script.indexOf("initrd --name image")).isLessThan(script.indexOf("initrd --name oem"));

        machines.put(new Machine(MAC, "n1", "legacy", Map.of(), Map.of()));
        assertThat(service(Optional.empty()).ipxeScript(key("52:54:00:12:34:56"), BASE))
                .contains(" initrd=oem.cpio.gz coreos.first_boot=1 coreos.config.url=oem:///config.ign || goto failed");

        machines.put(new Machine(MAC, null, "ignited", Map.of(), Map.of()));
        assertThat(service(Optional.empty()).ipxeScript(key("52:54:00:12:34:56"), BASE))
                .contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: configs/node.yaml:5:")
                .doesNotContain("kernel --name");
    }

    @Test
    void anUnregisteredMachineOnTheDefaultProfileGetsNoConfig() throws Exception {
        Files.writeString(data.resolve("profiles/ignited.yaml"), "boot:\n  kernel: flatcar/vmlinuz\nconfig: node.yaml\n");
        profiles.refresh();
        assertThat(service(Optional.of("ignited")).ipxeScript(key("52:54:00:12:34:56"), BASE))
                .contains("kernel --name vmlinuz").doesNotContain("oem.cpio.gz", "first_boot");
    }

    @Test
    void aMissingProfileIsExplainedToo() {
        machines.create(new Machine(MAC, null, "gone", Map.of(), Map.of()));
        assertThat(service(Optional.empty()).ipxeScript(key("52:54:00:12:34:56"), BASE))
                .contains("profile gone: no profile 'gone' in the data directory");
    }

    @Test
    void aRequestWithoutAValidMacIsRefusedWithTheReason() {
        assertThat(service(Optional.empty()).ipxeScript(key("not-a-mac"), BASE))
                .contains("echo Provisioner: the request carries no valid MAC address");
    }

    @Test
    void theChainScriptUsesTheBaseUrlAndLeavesIpxeSettingsAlone() {
        assertThat(service(Optional.empty()).ipxeChainScript(BASE)).startsWith("#!ipxe\n").contains(
                "chain --replace --autofree http://boot.example:8080/ipxe?mac=${mac:hexhyp}&uuid=${uuid}"
                        + "&serial=${serial:uristring}&arch=${buildarch}&platform=${platform} || goto failed");
    }

    @Test
    void untrustedRequestFieldsAreBoundedAndCleaned() {
        MachineKey key = MachineKey.reported("52:54:00:12:34:56", "x".repeat(500), "a\nb\u0000c", " ", null, null);
        assertThat(key.uuid()).hasSize(128);
        assertThat(key.serial()).isEqualTo("a?b?c");
        assertThat(key.arch()).isNull();
    }
}
