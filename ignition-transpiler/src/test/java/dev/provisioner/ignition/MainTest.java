package dev.provisioner.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: stdin to stdout, diagnostics on stderr, exit codes 0, 1 and 2. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return Main.run(args, () -> stdin.getBytes(StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void readsStdinWritesStdout() {
        assertThat(run("systemd:\n  units:\n    - name: a.service\n      mask: true\n")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"ignition\":{\"version\":\"3.3.0\"},\"systemd\":{\"units\":[{\"name\":\"a.service\",\"mask\":true}]}}\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void warningsPassUnlessStrict() {
        String yaml = "systemd:\n  unit: []\n";
        assertThat(run(yaml)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("warning: line 2, column 3: systemd.unit: unknown key 'unit'");
        out.reset();
        err.reset();
        assertThat(run(yaml, "--strict")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: line 2, column 3").contains("(an error with --strict)");
    }

    @Test
    void specialModeBitsNeedSpec2OrLater3() {
        String yaml = "storage:\n  files:\n    - path: /usr/local/bin/helper\n      mode: 04755\n";
        assertThat(run(yaml)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mode 04755 has setuid, setgid or sticky bits");
        out.reset();
        assertThat(run(yaml, "--spec", "2.3.0")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"filesystem\":\"root\"", "\"mode\":2541");
    }

    @Test
    void invalidInputExitsOne() {
        assertThat(run("storage:\n  files:\n    - path: relative\n")).isEqualTo(1);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 3, column 13");
    }

    @Test
    void limitsAreConfigurable() {
        String nested = "a: " + "[".repeat(20) + "]".repeat(20) + "\n";
        assertThat(run(nested)).isZero();
        assertThat(run(nested, "--max-depth", "10")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).containsIgnoringCase("depth");
        assertThat(run("storage: {}\n", "--max-size", "5")).isEqualTo(1);
        assertThat(run("", "--max-aliases", "zero")).isEqualTo(2);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("", "--bogus")).isEqualTo(2);
        assertThat(run("", "--spec")).isEqualTo(2);
        assertThat(run("", "--spec", "9.9.9")).isEqualTo(2);
        assertThat(run("", "a.yaml", "b.yaml")).isEqualTo(2);
        assertThat(run("", "/nonexistent/input.yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(Main.USAGE);
    }

    @Test
    void writesTheOutputFileAndReadsLocalContents(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("motd.txt"), "hello\n");
        Files.writeString(dir.resolve("in.yaml"), "storage:\n  files:\n    - path: /etc/motd\n      contents:\n        local: motd.txt\n");
        Path output = dir.resolve("out.ign");
        assertThat(run("", "--files-dir", dir.toString(), "-o", output.toString(), "--pretty",
                dir.resolve("in.yaml").toString())).isZero();
        assertThat(Files.readString(output)).contains("\"source\" : \"data:,hello%0A\"");
        assertThat(run("", "--files-dir", dir.toString(), "-"  )).isEqualTo(1);
    }

    @Test
    void butaneReadsLocalUnitsAndKeysFromTheFilesDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("app.service"), "[Service]\nExecStart=/bin/true\n");
        Files.writeString(dir.resolve("keys.pub"), "# operators\nssh-ed25519 AAAA one\n\nssh-ed25519 BBBB two\n");
        String yaml = "variant: flatcar\nversion: 1.0.0\nsystemd:\n  units:\n    - name: app.service\n"
                + "      contents_local: app.service\npasswd:\n  users:\n    - name: core\n"
                + "      ssh_authorized_keys_local: [keys.pub]\n";
        assertThat(run(yaml, "--files-dir", dir.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "\"contents\":\"[Service]\\nExecStart=/bin/true\\n\"",
                "\"sshAuthorizedKeys\":[\"ssh-ed25519 AAAA one\",\"ssh-ed25519 BBBB two\"]");
        assertThat(run(yaml.replace("keys.pub", "../keys.pub"), "--files-dir", dir.toString())).isEqualTo(1);
    }

    @Test
    void butaneTreesCopyFilesAndLinksWithTheirModes(@TempDir Path dir) throws Exception {
        Path site = Files.createDirectories(dir.resolve("site/opt/bin"));
        Files.writeString(site.resolve("run"), "#!/bin/sh\n");
        site.resolve("run").toFile().setExecutable(true);
        Files.createSymbolicLink(site.resolve("start"), Path.of("run"));
        Files.writeString(Files.createDirectories(dir.resolve("site/etc")).resolve("app.conf"), "x\n");
        String yaml = "variant: flatcar\nversion: 1.0.0\nstorage:\n  trees:\n    - local: site\n      path: /usr/local\n";
        assertThat(run(yaml, "--files-dir", dir.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "{\"path\":\"/usr/local/etc/app.conf\",\"contents\":{\"compression\":\"\",\"source\":\"data:,x%0A\"},\"mode\":420}",
                "{\"path\":\"/usr/local/opt/bin/run\",\"contents\":{\"compression\":\"\",\"source\":\"data:,%23!%2Fbin%2Fsh%0A\"},\"mode\":493}",
                "{\"path\":\"/usr/local/opt/bin/start\",\"target\":\"run\"}");
    }

    @Test
    void aTreeFileTakesModeAndOwnerFromAContentlessEntryAndCollidesWithAFullOne(@TempDir Path dir) throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("tree")).resolve("app.conf"), "x\n");
        String partial = "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n    - path: /app.conf\n      mode: 0600\n"
                + "      user: {name: app}\n  trees:\n    - local: tree\n";
        assertThat(run(partial, "--files-dir", dir.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "{\"path\":\"/app.conf\",\"user\":{\"name\":\"app\"},\"contents\":{\"compression\":\"\",\"source\":\"data:,x%0A\"},\"mode\":384}");
        String full = partial.replace("      mode: 0600\n", "      contents: {inline: mine}\n");
        assertThat(run(full, "--files-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the tree's /app.conf is already used (line 5)");
    }

    @Test
    void localContentsCannotLeaveTheFilesDirectory(@TempDir Path dir) {
        assertThat(run("storage:\n  files:\n    - path: /x\n      contents:\n        local: ../../etc/passwd\n",
                "--files-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("leads outside the files directory");
    }

    @Test
    void nonUtf8InputIsLocated() {
        byte[] input = "storage:\n  files:\n    - path: /\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Transpiler.Result result = Transpiler.transpile(input, Transpiler.Options.defaults());
        assertThat(result.json()).isEmpty();
        assertThat(result.diagnostics()).singleElement().hasToString(
                "error: line 3, column 14: the input is not valid UTF-8 (byte offset 31)");
    }
}
