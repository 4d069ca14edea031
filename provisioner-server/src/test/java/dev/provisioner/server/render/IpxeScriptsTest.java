package dev.provisioner.server.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpxeScriptsTest {

    @Test
    void consoleTextCannotExpandSettingsOrEndTheEcho() {
        assertThat(ScriptText.line("a ${net0/ip} || reboot && x\nchain http://evil\u2028more"))
                .isEqualTo("a $ {net0/ip} | | reboot & & x chain http://evil more");
    }

    @Test
    void aCommandWordWithSpaceControlOrOperatorIsRefusedNotAltered() {
        assertThat(ScriptText.word("kernel argument", "console=ttyS0,115200n8")).isEqualTo("console=ttyS0,115200n8");
        for (String bad : new String[] {"a b", "a\nchain", "a${x}", "a||b", "a&&b", ""}) {
            assertThatThrownBy(() -> ScriptText.word("kernel argument", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("kernel argument '");
        }
    }

    @Test
    void refusalPrintsTheCleanedReason() {
        String script = new IpxeScripts(TemplateEngine.withBuiltIns(Optional.empty()), Duration.ofSeconds(3))
                .refusal("bad ${x}\nline", URI.create("http://h/"));
        assertThat(script).contains("echo Provisioner: bad $ {x} line\n", "sleep 3\n");
    }

    @Test
    void templatesOnDiskOverrideTheBuiltInOnes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ipxe"));
        Files.writeString(dir.resolve("ipxe/chain.ipxe.ftl"), "#!ipxe\n# custom [=base] ${keep} $$ %i\n");
        String script = new IpxeScripts(TemplateEngine.withBuiltIns(Optional.of(dir)), Duration.ofSeconds(3))
                .chain(URI.create("http://h/"));
        assertThat(script).isEqualTo("#!ipxe\n# custom http://h/ ${keep} $$ %i\n");
    }

    @Test
    void aBrokenTemplateIsReportedWithItsNameAndLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ipxe"));
        Files.writeString(dir.resolve("ipxe/chain.ipxe.ftl"), "#!ipxe\n[=nosuchvariable]\n");
        TemplateEngine engine = TemplateEngine.withBuiltIns(Optional.of(dir));
        assertThatThrownBy(() -> engine.render("ipxe/chain.ipxe.ftl", Map.of()))
                .isInstanceOf(TemplateFailure.class)
                .hasMessageStartingWith("ipxe/chain.ipxe.ftl line 2 column 3:");
    }
}
