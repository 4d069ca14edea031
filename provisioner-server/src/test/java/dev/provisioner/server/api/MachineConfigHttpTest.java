package dev.provisioner.server.api;

import static dev.provisioner.server.TestHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.ProvisionerConfiguration;
import dev.provisioner.server.TestHttp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-machine Ignition over HTTP: the profile's template rendered for the machine, transpiled, served as JSON
 * (checked by Debian's ignition-validate) and as oem.cpio.gz (unpacked by GNU cpio).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MachineConfigHttpTest {

    static final String TOKEN = "config-test-token";
    static final Path DATA = configData();
    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", TOKEN));

    private TestHttp http;
    private final HttpClient client = HttpClient.newHttpClient();

    static Path configData() {
        Path data = TestData.directory();
        try {
            Files.writeString(data.resolve("profiles/ignited.yaml"),
                    "boot:\n  kernel: flatcar/vmlinuz\nconfig: worker.yaml\n");
            Files.writeString(data.resolve("profiles/legacy.yaml"),
                    "boot:\n  kernel: flatcar/vmlinuz\nconfig: worker.yaml\nignition: 2.3.0\noem_file: raw.ign\n");
            Files.writeString(data.resolve("profiles/fcos.yaml"),
                    "boot:\n  kernel: fcos/vmlinuz\nconfig: worker.yaml\noem_layout: fcos\n");
            Files.writeString(data.resolve("profiles/badconfig.yaml"), "boot:\n  kernel: flatcar/vmlinuz\nconfig: broken.yaml\n");
            Files.createDirectories(data.resolve("configs"));
            Files.writeString(data.resolve("configs/worker.yaml"), """
                    storage:
                      files:
                        - path: /etc/hostname
                          mode: 0644
                          contents:
                            inline: [=machine.hostname]
                    systemd:
                      units:
                        - name: greet@.service
                          contents: |
                            [Service]
                            ExecStart=/bin/sh -c 'echo ${HOME} %i $$ [=machine.labels.rack]'
                    """);
            Files.writeString(data.resolve("configs/broken.yaml"), "storage:\n  files:\n    - path: relative/[=machine.mac_hyphen]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data;
    }

    @BeforeEach
    void register() {
        http = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.of(TOKEN));
        http.json("PUT", "/api/v1/machines/52:54:00:c0:00:01", "{\"hostname\":\"blade-7\",\"profile\":\"ignited\",\"labels\":{\"rack\":\"r9\"}}");
        http.json("PUT", "/api/v1/machines/52:54:00:c0:00:02", "{\"hostname\":\"old-box\",\"profile\":\"legacy\",\"labels\":{\"rack\":\"r1\"}}");
        http.json("PUT", "/api/v1/machines/52:54:00:c0:00:03", "{\"profile\":\"badconfig\"}");
        http.json("PUT", "/api/v1/machines/52:54:00:c0:00:04", "{\"hostname\":\"fc-1\",\"profile\":\"fcos\",\"labels\":{\"rack\":\"r2\"}}");
    }

    @Test
    void theFedoraCoreOsLayoutIsServedAsXzWithItsOwnFirstBootArguments(@TempDir Path work) throws Exception {
        assertThat(http.get("/ipxe?mac=52-54-00-c0-00-04").body()).contains(
                " initrd=oem.cpio.xz ignition.firstboot ignition.platform.id=metal || goto failed",
                "initrd --name oem.cpio.xz http://127.0.0.1:" + APP.getLocalPort() + "/oem/52-54-00-c0-00-04.cpio.xz");
        URI uri = URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/oem/52-54-00-c0-00-04.cpio.xz");
        HttpResponse<byte[]> archive = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-xz"));
        Files.write(work.resolve("oem.cpio.xz"), archive.body());
        Process cpio = new ProcessBuilder("sh", "-c", "xz -dc oem.cpio.xz | cpio -id --quiet && cat config.ign")
                .directory(work.toFile()).start();
        assertThat(new String(cpio.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(http.get("/ignition?mac=52:54:00:c0:00:04").body());
        assertThat(cpio.waitFor()).isZero();
        HttpResponse<String> wrongName = http.get("/oem/52-54-00-c0-00-04.cpio.gz");
        assertThat(wrongName.statusCode()).isEqualTo(404);
        assertThat(wrongName.body()).contains("packs its config as /oem/52-54-00-c0-00-04.cpio.xz");
    }

    @Test
    void aRegisteredMachineGetsItsRenderedValidIgnition(@TempDir Path work) throws Exception {
        HttpResponse<String> response = http.get("/ignition?mac=52-54-00-c0-00-01");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode config = parse(response);
        assertThat(config.at("/ignition/version").asText()).isEqualTo("3.3.0");
        assertThat(config.at("/storage/files/0/contents/source").asText()).isEqualTo("data:,blade-7");
        assertThat(config.at("/systemd/units/0/contents").asText())
                .isEqualTo("[Service]\nExecStart=/bin/sh -c 'echo ${HOME} %i $$ r9'\n");
        Path file = work.resolve("config.ign");
        Files.writeString(file, response.body());
        Process validate = new ProcessBuilder("ignition-validate", file.toString()).redirectErrorStream(true).start();
        String report = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(report).isZero();
    }

    @Test
    void theOemArchiveCarriesTheSameConfigAndIsCacheable(@TempDir Path work) throws Exception {
        String ignition = http.get("/ignition?mac=52:54:00:c0:00:01").body();
        URI uri = URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/oem/52-54-00-c0-00-01.cpio.gz");
        HttpResponse<byte[]> first = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> second = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(second.body());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> cached = client.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(cached.statusCode()).isEqualTo(304);

        Files.write(work.resolve("oem.cpio.gz"), first.body());
        Files.createDirectories(work.resolve("root"));
        Process cpio = new ProcessBuilder("sh", "-c", "gzip -dc ../oem.cpio.gz | cpio -id")
                .directory(work.resolve("root").toFile()).redirectErrorStream(true).start();
        assertThat(cpio.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cpio.exitValue()).isZero();
        assertThat(work.resolve("root/usr/share/oem/config.ign")).content().isEqualTo(ignition);
    }

    @Test
    void aLegacyProfileGetsSpec2AndRawIgn() throws Exception {
        assertThat(parse(http.get("/ignition?mac=52:54:00:c0:00:02")).at("/ignition/version").asText()).isEqualTo("2.3.0");
        URI uri = URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/oem/525400c00002.cpio.gz");
        byte[] archive = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        Process cpio = new ProcessBuilder("sh", "-c", "gzip -dc | cpio -it").redirectErrorStream(true).start();
        cpio.getOutputStream().write(archive);
        cpio.getOutputStream().close();
        assertThat(new String(cpio.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("usr/share/oem/raw.ign");
    }

    @Test
    void anEditedTemplateIsServedAtOnce() throws Exception {
        Path template = DATA.resolve("configs/edited.yaml");
        Files.writeString(DATA.resolve("profiles/edited.yaml"), "boot:\n  kernel: flatcar/vmlinuz\nconfig: edited.yaml\n");
        Files.writeString(template, "storage:\n  files:\n    - path: /etc/one\n");
        TestData.eventually(() -> http.get("/api/v1/profiles/edited").statusCode() == 200 ? true : null);
        http.json("PUT", "/api/v1/machines/52:54:00:c0:00:04", "{\"profile\":\"edited\"}");
        assertThat(http.get("/ignition?mac=52:54:00:c0:00:04").body()).contains("/etc/one");
        assertThat(http.get("/ignition?mac=52:54:00:c0:00:04").body()).contains("/etc/one");
        Files.writeString(template, "storage:\n  files:\n    - path: /etc/two\n");
        assertThat(http.get("/ignition?mac=52:54:00:c0:00:04").body()).contains("/etc/two").doesNotContain("/etc/one");
    }

    @Test
    void unknownMachinesGetNothing() {
        HttpResponse<String> unknown = http.get("/ignition?mac=52:54:00:99:99:99");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(parse(unknown).get("code").asInt()).isEqualTo(404);
        assertThat(http.get("/oem/52-54-00-99-99-99.cpio.gz").statusCode()).isEqualTo(404);
        assertThat(http.get("/oem/not-a-mac.cpio.gz").statusCode()).isEqualTo(404);
    }

    @Test
    void aBrokenConfigSaysWhereAndAsksIgnitionToRetry() {
        HttpResponse<String> broken = http.get("/ignition?mac=52:54:00:c0:00:03");
        assertThat(broken.statusCode()).isEqualTo(503);
        assertThat(broken.headers().firstValue("Retry-After")).contains("10");
        JsonNode detail = parse(broken).at("/details/0");
        assertThat(detail.get("file").asText()).isEqualTo("configs/broken.yaml");
        assertThat(detail.get("line").asInt()).isEqualTo(3);
        assertThat(detail.get("reason").asText()).contains("relative");
        JsonNode events = parse(http.get("/api/v1/machines/52:54:00:c0:00:03/events")).get("events");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("ignition");
        assertThat(last.get("outcome").asText()).isEqualTo("broken");
        assertThat(last.get("detail").asText()).startsWith("configs/broken.yaml:3:");
    }
}
