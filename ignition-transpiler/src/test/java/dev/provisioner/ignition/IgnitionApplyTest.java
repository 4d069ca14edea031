package dev.provisioner.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Ignition (Debian package "ignition") applies a sample of the corpus to a scratch root, and every
 * file, directory, link, unit, drop-in, preset and mask the JSON declares must be there as declared. The
 * sample leaves out what needs the network (remote contents) or a passwd database (users, owners by name).
 * As in harness/boot-ignition.sh, SELinux relabeling is stubbed: the scratch root has no policy.
 */
class IgnitionApplyTest {

    private static final Path IGNITION = Path.of("/usr/lib/dracut/modules.d/30ignition/ignition");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"01-inline-file", "04-append", "05-directories-and-links", "06-systemd-units-and-dropins",
            "08-networkd", "11-modes-decimal-and-octal", "12-unicode-and-empty-inline", "13-docker", "14-etcd-3-1",
            "17-flannel-network-config", "19-update-and-locksmith", "31-update-server-only", "32-networkd-netdev-and-link",
            "33-dropins-only", "36-docker-without-flags", "40-butane-links-and-directories", "42-butane-flatcar-1-1-units"})
    void ignitionWritesWhatTheConfigDeclares(String name, @TempDir Path work) throws Exception {
        assertThat(IGNITION).as("Ignition (apt-get install ignition)").exists();
        Path input = Path.of("src/test/resources/corpus/good", name + ".yaml");
        String json = Transpiler.transpile(Files.readAllBytes(input), Transpiler.Options.defaults()).json().orElseThrow();
        Path config = work.resolve("config.ign");
        // Debian's Ignition 2.14 runs 3.4.0 configs under the name 3.4.0-experimental
        Files.writeString(config, json.replace("{\"version\":\"3.4.0\"", "{\"version\":\"3.4.0-experimental\""));
        Path root = Files.createDirectories(work.resolve("root"));
        Files.createDirectories(root.resolve("etc/selinux"));
        Files.writeString(root.resolve("etc/selinux/config"), "SELINUXTYPE=targeted\n");
        Path stubs = Files.createDirectories(work.resolve("bin"));
        Files.writeString(stubs.resolve("setfiles"), "#!/bin/sh\ncat >/dev/null\nexit 0\n");
        stubs.resolve("setfiles").toFile().setExecutable(true);
        if (name.equals("04-append")) {
            Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("motd"), "Welcome\n");
        }
        for (String stage : new String[] {"fetch-offline", "files"}) {
            ProcessBuilder builder = new ProcessBuilder(IGNITION.toString(), "-platform=file", "-stage=" + stage,
                    "-root=" + root, "-log-to-stdout").redirectErrorStream(true);
            builder.environment().put("IGNITION_CONFIG_FILE", config.toString());
            builder.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
            Process ignition = builder.start();
            String log = new String(ignition.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ignition.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ignition.exitValue()).as("ignition -stage=%s:%n%s", stage, log).isZero();
        }

        JsonNode declared = JSON.readTree(json);
        for (JsonNode file : declared.path("storage").path("files")) {
            Path path = root.resolve(file.get("path").asText().substring(1));
            assertThat(path).as("file %s", path).isRegularFile();
            byte[] expected = file.has("append")
                    ? concat(name.equals("04-append") ? "Welcome\n".getBytes(StandardCharsets.UTF_8) : new byte[0],
                            decode(file.get("append").get(0).get("source").asText()))
                    : decode(file.get("contents").get("source").asText());
            assertThat(Files.readAllBytes(path)).as("contents of %s", path).isEqualTo(expected);
            if (file.has("mode")) {
                assertThat(mode(path)).as("mode of %s", path).isEqualTo(file.get("mode").asInt());
            }
        }
        for (JsonNode directory : declared.path("storage").path("directories")) {
            Path path = root.resolve(directory.get("path").asText().substring(1));
            assertThat(path).isDirectory();
            if (directory.has("mode")) {
                assertThat(mode(path)).as("mode of %s", path).isEqualTo(directory.get("mode").asInt());
            }
        }
        for (JsonNode link : declared.path("storage").path("links")) {
            Path path = root.resolve(link.get("path").asText().substring(1));
            if (link.path("hard").asBoolean(false)) {
                assertThat(Files.isSameFile(path, root.resolve(link.get("target").asText().substring(1)))).isTrue();
            } else {
                assertThat(Files.readSymbolicLink(path).toString()).isEqualTo(link.get("target").asText());
            }
        }
        Path units = root.resolve("etc/systemd/system");
        String presets = Files.exists(root.resolve("etc/systemd/system-preset/20-ignition.preset"))
                ? Files.readString(root.resolve("etc/systemd/system-preset/20-ignition.preset")) : "";
        for (JsonNode unit : declared.path("systemd").path("units")) {
            String unitName = unit.get("name").asText();
            if (unit.has("contents")) {
                assertThat(units.resolve(unitName)).content().isEqualTo(unit.get("contents").asText());
            }
            for (JsonNode dropin : unit.path("dropins")) {
                assertThat(units.resolve(unitName + ".d").resolve(dropin.get("name").asText())).content()
                        .isEqualTo(dropin.get("contents").asText());
            }
            if (unit.has("enabled")) {
                assertThat(presets).contains((unit.get("enabled").asBoolean() ? "enable " : "disable ") + unitName);
            }
            if (unit.path("mask").asBoolean(false)) {
                assertThat(Files.readSymbolicLink(units.resolve(unitName)).toString()).isEqualTo("/dev/null");
            }
        }
    }

    private static int mode(Path path) throws Exception {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static byte[] decode(String dataUrl) {
        String payload = dataUrl.substring(dataUrl.indexOf(',') + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(payload.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
