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

class BootLoaderRendererTest {

    @Test
    void consoleTextCannotExpandSettingsOrEndTheEcho() {
        assertThat(BootLoaderRenderer.consoleText("a ${net0/ip} || reboot && x\nchain http://evil"))
                .isEqualTo("a $ {net0/ip} | | reboot & & x chain http://evil");
    }

    @Test
    void refusalPrintsTheCleanedReason() {
        String script = new BootLoaderRenderer(TemplateEngine.withBuiltIns(Optional.empty()), Duration.ofSeconds(3))
                .ipxeRefusal("bad ${x}\nline", URI.create("http://h/"));
        assertThat(script).contains("echo Provisioner: bad $ {x} line\n", "sleep 3\n");
    }

    @Test
    void templatesOnDiskOverrideTheBuiltInOnes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ipxe"));
        Files.writeString(dir.resolve("ipxe/chain.ipxe.ftl"), "#!ipxe\n# custom [=base] ${keep} $$ %i\n");
        String script = new BootLoaderRenderer(TemplateEngine.withBuiltIns(Optional.of(dir)), Duration.ofSeconds(3))
                .ipxeChain(URI.create("http://h/"));
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
