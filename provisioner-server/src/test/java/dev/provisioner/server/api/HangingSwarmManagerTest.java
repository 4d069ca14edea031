package dev.provisioner.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.ProvisionerConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A swarm manager whose Engine API accepts connections and never answers (a hung dockerd): machines keep getting
 * their scripts and configs at once, because no request waits on Docker, and {@code /api/v1/swarm} says why the swarm
 * is not known instead of hanging. The manager here is a Unix socket of the test's own that reads and never writes.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HangingSwarmManagerTest {

    private static final String TOKEN = "hang-test-token";
    private static final Duration PATIENCE = Duration.ofSeconds(2);
    private static final List<SocketChannel> HELD = new CopyOnWriteArrayList<>();
    private static final Path SOCKET = hangingManager();
    private static final Path DATA = data();

    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", TOKEN),
            ConfigOverride.config("swarm.dockerHost", "unix://" + SOCKET),
            ConfigOverride.config("swarm.refresh", "100ms"),
            ConfigOverride.config("swarm.readTimeout", "1s"));

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(PATIENCE).build();

    private static Path hangingManager() {
        try {
            Path socket = TestData.temporaryDirectory("hung-docker").resolve("docker.sock");
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread accept = new Thread(() -> {
                while (server.isOpen()) {
                    try {
                        HELD.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hung-docker");
            accept.setDaemon(true);
            accept.start();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path data() {
        Path data = TestData.directory();
        try {
            Files.createDirectories(data.resolve("configs"));
            Files.writeString(data.resolve("configs/plain.yaml"), "passwd: {}\n");
            Files.writeString(data.resolve("profiles/plain.yaml"), "boot:\n  kernel: flatcar/vmlinuz\nconfig: plain.yaml\n");
            Files.writeString(data.resolve("profiles/swarmed.yaml"),
                    "boot:\n  kernel: flatcar/vmlinuz\nconfig: plain.yaml\nswarm:\n  role: worker\n");
            Files.writeString(data.resolve("machines/52-54-00-00-00-01.yaml"), "hostname: plain-1\nprofile: plain\n");
            Files.writeString(data.resolve("machines/52-54-00-00-00-02.yaml"), "hostname: swarm-1\nprofile: swarmed\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data;
    }

    @AfterAll
    static void release() throws IOException {
        for (SocketChannel channel : HELD) {
            channel.close();
        }
    }

    private HttpResponse<String> get(String path, boolean operator) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .timeout(PATIENCE);
        if (operator) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void machinesAndOperatorsAreAnsweredWhileTheManagerHangs() throws Exception {
        // the background refresh is stuck in its first call to the manager by now
        TestData.eventually(() -> HELD.isEmpty() ? null : true);
        for (int round = 0; round < 20; round++) {
            HttpResponse<String> plainScript = get("/ipxe?mac=52-54-00-00-00-01", false);
            assertThat(plainScript.body()).contains("kernel --name vmlinuz", "initrd --name oem.cpio.gz");
            assertThat(get("/ignition?mac=52-54-00-00-00-01", false).statusCode()).isEqualTo(200);

            // a swarm machine is told why, at once, rather than after Docker's timeout
            assertThat(get("/ipxe?mac=52-54-00-00-00-02", false).body())
                    .contains("cannot boot", "has not answered").doesNotContain("kernel --name");
            // its config carries secrets: without the signed URL of a boot attempt it is refused at once
            assertThat(get("/ignition?mac=52-54-00-00-00-02", false).statusCode()).isEqualTo(403);
        }
        // the read's deadline passes: operators and machines are told the manager does not answer
        JsonNode swarm = TestData.eventually(() -> {
            try {
                JsonNode status = new ObjectMapper().readTree(get("/api/v1/swarm", true).body());
                return status.hasNonNull("error") ? status : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(swarm.get("source").asText()).isEqualTo("docker");
        assertThat(swarm.get("fetchedAt").isNull()).isTrue();
        assertThat(swarm.get("error").asText()).startsWith("no answer for ");
        assertThat(get("/ipxe?mac=52-54-00-00-00-02", false).body()).contains("has not answered (no answer for ");
        assertThat(get("/ipxe?mac=52-54-00-00-00-01", false).body()).contains("kernel --name vmlinuz");
        // one read hangs; no second one piles up behind it
        assertThat(HELD).hasSize(1);
    }
}
