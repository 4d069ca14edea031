package dev.provisioner.server.api;

import static dev.provisioner.server.TestHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.ProvisionerConfiguration;
import dev.provisioner.server.TestHttp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The machine-facing side over real HTTP: iPXE scripts, assets, and the boot timeline they leave. */
@ExtendWith(DropwizardExtensionsSupport.class)
class BootHttpTest {

    static final String TOKEN = "boot-test-token";
    static final Path DATA = TestData.directory();

    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", TOKEN));

    private TestHttp http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void register() {
        http = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.of(TOKEN));
        http.json("PUT", "/api/v1/machines/52:54:00:e2:e0:01", "{\"hostname\":\"blade-1\",\"profile\":\"worker\"}");
    }

    @Test
    void generatedUrlsComeFromTheHostHeaderNotTheBindAddress() {
        int port = APP.getLocalPort();
        String chain = TestHttp.rawGet(port, "/boot.ipxe", "boot.example:1234");
        assertThat(chain).startsWith("HTTP/1.1 200").contains("#!ipxe",
                "chain --replace --autofree http://boot.example:1234/ipxe?mac=${mac:hexhyp}&uuid=${uuid}");
        String script = TestHttp.rawGet(port, "/ipxe?mac=52%3A54%3A00%3Ae2%3Ae0%3A01&uuid=u-1", "pxe.lab:8080");
        assertThat(script).contains("kernel --name vmlinuz http://pxe.lab:8080/assets/flatcar/vmlinuz?mac=52-54-00-e2-e0-01"
                + " initrd=initrd.cpio.gz flatcar.first_boot=1 console=ttyS0 || goto failed")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void unknownMachinesAndBadRequestsStillGetAScript() {
        HttpResponse<String> unknown = http.get("/ipxe?mac=52-54-00-99-99-99");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).startsWith("#!ipxe").contains("machine 52:54:00:99:99:99 is not registered");
        HttpResponse<String> noMac = http.get("/ipxe");
        assertThat(noMac.statusCode()).isEqualTo(200);
        assertThat(noMac.body()).contains("no valid MAC address");
    }

    @Test
    void theTimelineShowsWhatWasServedToWhom() throws Exception {
        http.get("/ipxe?mac=52-54-00-e2-e0-01&uuid=12345678-9abc-def0-1234-56789abcdef0&serial=SN-1&arch=x86_64&platform=pcbios");
        http.get("/assets/flatcar/vmlinuz?mac=52-54-00-e2-e0-01");
        JsonNode events = parse(http.get("/api/v1/machines/52-54-00-e2-e0-01/events")).get("events");
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        JsonNode script = events.get(events.size() - 2);
        assertThat(script.get("kind").asText()).isEqualTo("ipxe_script");
        assertThat(script.get("transport").asText()).isEqualTo("http");
        assertThat(script.get("outcome").asText()).isEqualTo("served");
        assertThat(script.get("artifact").asText()).isEqualTo("worker");
        assertThat(script.get("uuid").asText()).isEqualTo("12345678-9abc-def0-1234-56789abcdef0");
        assertThat(script.get("serial").asText()).isEqualTo("SN-1");
        assertThat(script.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode asset = events.get(events.size() - 1);
        assertThat(asset.get("kind").asText()).isEqualTo("asset");
        assertThat(asset.get("outcome").asText()).isEqualTo("served");
        assertThat(asset.get("artifact").asText()).isEqualTo("flatcar/vmlinuz");
    }

    @Test
    void assetsSupportRangesEtagsAndHead() throws Exception {
        byte[] expected = Files.readAllBytes(DATA.resolve("assets/flatcar/vmlinuz"));
        URI uri = URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/assets/flatcar/vmlinuz");
        HttpResponse<byte[]> whole = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(expected);
        assertThat(whole.headers().firstValue("Content-Length")).contains(String.valueOf(expected.length));
        assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> range = client.send(HttpRequest.newBuilder(uri).header("Range", "bytes=1000-1999").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(expected, 1000, 2000));
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 1000-1999/" + expected.length);

        HttpResponse<byte[]> tail = client.send(HttpRequest.newBuilder(uri).header("Range", "bytes=-100").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(expected, expected.length - 100, expected.length));

        HttpResponse<byte[]> notModified = client.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();

        HttpResponse<Void> head = client.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(expected.length));
        assertThat(head.headers().firstValue("ETag")).contains(etag);

        // a symlink that stays inside assets/ is served like the file it names
        HttpResponse<byte[]> viaLink = client.send(HttpRequest.newBuilder(URI.create(uri.toString().replace("vmlinuz", "inside")))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(viaLink.statusCode()).isEqualTo(200);
        assertThat(viaLink.body()).isEqualTo(expected);
    }

    /** Nothing outside assets/ can be reached, however the path is spelled. */
    @ParameterizedTest
    @ValueSource(strings = {"/assets/../secret.txt", "/assets/flatcar/../../secret.txt", "/assets/%2e%2e/secret.txt",
            "/assets/flatcar/%2e%2e/%2e%2e/secret.txt", "/assets/flatcar/..%2f..%2fsecret.txt",
            "/assets/%2fetc%2fpasswd", "/assets//etc/passwd", "/assets/flatcar/escape", "/assets/flatcar/..%5c..%5csecret.txt",
            "/assets/flatcar/vmlinuz%00.txt", "/assets/", "/assets/flatcar/", "/assets/..;/secret.txt"})
    void traversalIsImpossible(String path) {
        String response = TestHttp.rawGet(APP.getLocalPort(), path, "127.0.0.1");
        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as(path).isIn(400, 403, 404);
        assertThat(response).doesNotContain("outside the assets directory").doesNotContain("root:x:0:0");
    }
}
