package dev.provisioner.server.oem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.core.OemFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive as the real tools see it: GNU cpio, gzip and xz (Debian packages cpio, gzip, xz-utils). */
class OemArchiveTest {

    private static final OemFormat RAW = new OemFormat(OemFormat.Layout.FLATCAR, "raw.ign");
    private static final byte[] CONFIG = "{\"ignition\":{\"version\":\"3.3.0\"}}\n".getBytes(StandardCharsets.UTF_8);

    private static String run(Path dir, String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(command + ":\n" + output).isZero();
        return output;
    }

    @Test
    void gnuCpioUnpacksExactlyTheOemTree(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("oem.cpio.gz"), OemArchive.pack(CONFIG, OemFormat.FLATCAR));
        Path root = Files.createDirectories(dir.resolve("root"));
        String listing = run(dir, "gzip -dc oem.cpio.gz | (cd root && cpio -idv 2>&1)");
        assertThat(listing.lines().filter(l -> !l.endsWith("blocks")).toList())
                .containsExactly("usr", "usr/share", "usr/share/oem", "usr/share/oem/config.ign");
        try (Stream<Path> tree = Files.walk(root)) {
            assertThat(tree.map(p -> root.relativize(p).toString()).filter(p -> !p.isEmpty()).sorted())
                    .containsExactly("usr", "usr/share", "usr/share/oem", "usr/share/oem/config.ign");
        }
        assertThat(Files.readAllBytes(root.resolve("usr/share/oem/config.ign"))).isEqualTo(CONFIG);
        List<String> verbose = run(dir, "gzip -dc oem.cpio.gz | cpio -itv --numeric-uid-gid 2>/dev/null").lines().toList();
        assertThat(verbose).hasSize(4).allSatisfy(line -> assertThat(line).matches("[-d][-rwx]{9}\\s+\\d+\\s+0\\s+0\\s.*Jan  1  1970.*"));
        assertThat(verbose.get(3)).startsWith("-rw-r--r--");
        assertThat(run(dir, "gzip -t -v oem.cpio.gz 2>&1")).contains("OK");
    }

    @Test
    void theSameConfigGivesTheSameBytes() {
        assertThat(OemArchive.pack(CONFIG, OemFormat.FLATCAR)).isEqualTo(OemArchive.pack(CONFIG.clone(), OemFormat.FLATCAR));
        assertThat(OemArchive.pack(CONFIG, OemFormat.FLATCAR)).isNotEqualTo(OemArchive.pack(CONFIG, RAW));
    }

    @Test
    void theOldConventionNamesTheFileRawIgn(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("oem.cpio.gz"), OemArchive.pack(CONFIG, RAW));
        assertThat(run(dir, "gzip -dc oem.cpio.gz | cpio -it 2>/dev/null")).contains("usr/share/oem/raw.ign");
        assertThatThrownBy(() -> new OemFormat(OemFormat.Layout.FLATCAR, "../escape.ign"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Fedora CoreOS's layout as xz(1) and GNU cpio see it: config.ign alone at the root, CRC32 checks. */
    @Test
    void theFedoraCoreOsLayoutIsXzWithCrc32AndTheConfigAtTheRoot(@TempDir Path dir) throws Exception {
        byte[] archive = OemArchive.pack(CONFIG, OemFormat.FCOS);
        assertThat(archive).isEqualTo(OemArchive.pack(CONFIG.clone(), OemFormat.FCOS));
        Files.write(dir.resolve("oem.cpio.xz"), archive);
        assertThat(run(dir, "xz --robot --list oem.cpio.xz")).containsPattern("(?m)^file\\t.*\\tCRC32\\t");
        Path root = Files.createDirectories(dir.resolve("root"));
        String listing = run(dir, "xz -dc oem.cpio.xz | (cd root && cpio -idv 2>&1)");
        assertThat(listing.lines().filter(l -> !l.matches("\\d+ blocks?")).toList()).containsExactly("config.ign");
        assertThat(Files.readAllBytes(root.resolve("config.ign"))).isEqualTo(CONFIG);
        assertThat(run(dir, "xz -dc oem.cpio.xz | cpio -itv --numeric-uid-gid 2>/dev/null").strip())
                .matches("-rw-r--r--\\s+1\\s+0\\s+0\\s.*Jan  1  1970 config.ign");
    }
}
