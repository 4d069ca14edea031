package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's commands as an operator types them: exit codes and messages, never a stack trace for a mistake. */
class CommandLineIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("provisioner.repo"));
    private static final Path JAR = Path.of(System.getProperty("provisioner.jar"));

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> arguments, String... environment) throws Exception {
        return runWithInput(arguments, "", environment);
    }

    private static Result runWithInput(List<String> arguments, String input, String... environment) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true);
        for (int i = 0; i < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void theSampleDataDirectoryIsValid() throws Exception {
        Result result = run(List.of("validate", "tftpboot-sample"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("validate: tftpboot-sample: 3 profiles, 2 machines, no problems");
    }

    @Test
    void validateTakesThePathTheServerServesTemplatesAndDefaultProfileIncluded(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("profiles"));
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("profiles/good.yaml"), "boot:\n  kernel: k\n");
        Files.writeString(data.resolve("machines/52-54-00-00-00-01.yaml"), "profile: good\nhostname: ok\n");
        Result clean = run(List.of("validate", data.toString()));
        assertThat(clean.exit()).as(clean.output()).isZero();

        Result noDefault = run(List.of("validate", "--default-profile", "nosuch", data.toString()));
        assertThat(noDefault.exit()).isEqualTo(1);
        assertThat(noDefault.output()).contains("default profile nosuch: cannot boot (ipxe_script): the default profile "
                + "nosuch cannot boot: no profile 'nosuch' in the data directory");

        Path templates = Files.createDirectories(data.resolve("my-templates/ipxe"));
        Files.writeString(templates.resolve("boot.ipxe.ftl"), "#!ipxe\nkernel [=kernel.nosuchfield]\n");
        Result brokenTemplate = run(List.of("validate", "--templates", data.resolve("my-templates").toString(),
                data.toString()));
        assertThat(brokenTemplate.exit()).isEqualTo(1);
        assertThat(brokenTemplate.output()).contains("machines/52-54-00-00-00-01.yaml: cannot boot (ipxe_script): machine "
                + "52:54:00:00:00:01 cannot boot: ipxe/boot.ipxe.ftl line 2 column 10:").doesNotContain("\tat ");

        // with no machine on it, a profile is still tried in every boot loader's template
        Files.delete(data.resolve("machines/52-54-00-00-00-01.yaml"));
        Result noMachines = run(List.of("validate", "--templates", data.resolve("my-templates").toString(),
                data.toString()));
        assertThat(noMachines.exit()).isEqualTo(1);
        assertThat(noMachines.output()).contains("profiles/good.yaml: cannot boot (ipxe_script): the default profile good "
                + "cannot boot: ipxe/boot.ipxe.ftl line 2 column 10:");
    }

    @Test
    void validateListsEveryProblemWithItsPlaceAndFails(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("profiles"));
        Files.createDirectories(data.resolve("machines"));
        Files.writeString(data.resolve("profiles/good.yaml"), "boot:\n  kernel: k\n");
        Files.writeString(data.resolve("profiles/bad.yaml"), "boot:\n  kernel: k\n  argz: [a]\n");
        Files.writeString(data.resolve("machines/52-54-00-00-00-01.yaml"), "profile: missing\nhostname: ok\n");
        Files.writeString(data.resolve("machines/52-54-00-00-00-02.yaml"), "profile: good\nhostname: not_valid\n");
        // a machine's config is rendered and transpiled as it would be served, swarm units included
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("profiles/swarm.yaml"), "boot:\n  kernel: k\nconfig: node.yaml\nswarm:\n  role: worker\n");
        Files.writeString(data.resolve("configs/node.yaml"), "storage:\n  files:\n    - path: /etc/[=machine.labels.rack]\n");
        Files.writeString(data.resolve("machines/52-54-00-00-00-03.yaml"), "profile: swarm\nhostname: n3\nlabels: {rack: r3}\n");
        Files.writeString(data.resolve("machines/52-54-00-00-00-04.yaml"), "profile: swarm\nhostname: n4\n");
        Result result = run(List.of("validate", data.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains(
                "profiles/bad.yaml:3:3: unknown key 'boot.argz'; did you mean 'args'?",
                "machines/52-54-00-00-00-01.yaml: profile: no profile 'missing' in the data directory",
                "machines/52-54-00-00-00-02.yaml:2:11: hostname: must be an RFC 1123 host name",
                "configs/node.yaml:3:20: for 52:54:00:00:00:04: The following has evaluated to null or missing: ==> machine.labels.rack\n",
                "2 profiles, 3 machines, 4 problems");
        assertThat(result.output()).doesNotContain("52:54:00:00:00:03", "SWMTKN");
        assertThat(result.output()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void hashTokenPrintsTheTokensFileLineAndNeverTheToken() throws Exception {
        String token = "0123456789abcdef0123456789abcdef";
        Result ok = runWithInput(List.of("hash-token", "alice", "admin"), token + "\n");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output().strip()).matches("alice admin sha256:[0-9a-f]{64}").doesNotContain(token);
        Result weak = runWithInput(List.of("hash-token", "alice", "admin"), "short\n");
        assertThat(weak.exit()).isEqualTo(1);
        assertThat(weak.output()).contains("a token is at least 16 characters").doesNotContain("\tat ");
        Result badRole = runWithInput(List.of("hash-token", "alice", "root"), token);
        assertThat(badRole.exit()).isNotZero();
        assertThat(badRole.output()).contains("root").doesNotContain("\tat ");
    }

    @Test
    void transpileIsTheTranspilerCli(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.yaml");
        Files.writeString(input, "docker:\n  flags: [--debug]\n");
        Result ok = run(List.of("transpile", input.toString()));
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("\"name\":\"20-clct-docker.conf\"", "DOCKER_OPTS=--debug");
        Files.writeString(input, "storage:\n  files:\n    - path: relative\n");
        Result bad = run(List.of("transpile", "--strict", input.toString()));
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.output()).contains("error: line 3, column 13: storage.files[0].path").doesNotContain("\tat ");
    }

    @Test
    void renderPrintsWhatAMachineGetsAndPackOemWritesItsArchive(@TempDir Path dir) throws Exception {
        Result rendered = run(List.of("render", "52-54-00-12-34-57", "tftpboot-sample", "--url", "http://10.0.0.1:8080"));
        assertThat(rendered.exit()).as(rendered.output()).isZero();
        assertThat(rendered.output()).contains("# machine 52:54:00:12:34:57: registered, profile flatcar-node",
                "# --- iPXE script (GET /ipxe?mac=52-54-00-12-34-57)\n#!ipxe\n",
                "kernel --name flatcar_production_pxe.vmlinuz http://10.0.0.1:8080/assets/flatcar/",
                "# --- pxelinux config (pxelinux.cfg/01-52-54-00-12-34-57)", "# --- Ignition config");
        String ignition = rendered.output().lines().filter(line -> line.startsWith("{\"ignition\"")).findFirst()
                .orElseThrow();
        Path config = Files.writeString(dir.resolve("config.ign"), ignition);
        Process validate = new ProcessBuilder("ignition-validate", config.toString()).redirectErrorStream(true).start();
        String said = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor()).as("ignition-validate: %s", said).isZero();

        Path archive = dir.resolve("oem.cpio.gz");
        Result packed = run(List.of("pack-oem", "52:54:00:12:34:57", "tftpboot-sample", "--out", archive.toString(),
                "--url", "http://10.0.0.1:8080"));
        assertThat(packed.exit()).as(packed.output()).isZero();
        assertThat(packed.output()).contains("served as oem/52-54-00-12-34-57.cpio.gz");
        Process unpack = new ProcessBuilder("sh", "-c", "zcat '" + archive + "' | cpio -i --to-stdout usr/share/oem/config.ign")
                .start();
        String packedConfig = new String(unpack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unpack.waitFor()).isZero();
        assertThat(packedConfig.strip()).as("the archive holds what render printed").isEqualTo(ignition.strip());

        Result stranger = run(List.of("pack-oem", "52:54:00:00:00:99", "tftpboot-sample", "--out", archive.toString()));
        assertThat(stranger.exit()).isEqualTo(1);
        assertThat(stranger.output()).contains("machine 52:54:00:00:00:99 is not registered").doesNotContain("\tat ");
        Result notAMac = run(List.of("render", "zz"));
        assertThat(notAMac.exit()).isEqualTo(1);
        assertThat(notAMac.output()).contains("render: 'zz' is not a MAC address").doesNotContain("\tat ");
        Result unregistered = run(List.of("render", "52:54:00:00:00:99"));
        assertThat(unregistered.exit()).isEqualTo(1);
        assertThat(unregistered.output()).contains("not registered and there is no default profile");
    }

    @Test
    void aMissingDataDirectoryIsOneLineNotAStackTrace() throws Exception {
        Result result = run(List.of("server", "config.yml"), "PROVISIONER_DATA_DIR", "/nonexistent/data",
                "PROVISIONER_HTTP_PORT", "0", "PROVISIONER_ADMIN_PORT", "0", "PROVISIONER_BIND", "127.0.0.1");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("the data directory /nonexistent/data does not exist; set PROVISIONER_DATA_DIR")
                .doesNotContain("\tat ");
    }

    @Test
    void aBadConfigurationValueNamesTheSetting() throws Exception {
        Result result = run(List.of("server", "config.yml"), "PROVISIONER_PUBLIC_URL", "ftp://nowhere",
                "PROVISIONER_HTTP_PORT", "0", "PROVISIONER_ADMIN_PORT", "0", "PROVISIONER_BIND", "127.0.0.1");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("publicUrl").contains("must be an absolute http:// or https:// URL")
                .doesNotContain("\tat ");
    }
}
