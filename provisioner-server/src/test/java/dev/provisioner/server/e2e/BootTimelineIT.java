package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.TestHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real VM's boot, from discovery to its timeline, with QEMU's iPXE ROM (harness/boot-http.sh): the VM asks
 * unregistered and is discovered with its SMBIOS UUID and serial; adopted, its next try boots its profile; a client
 * that connected before the boot saw it live over server-sent events; its timeline has every step in order with
 * durations and is the same after a restart; and a real Prometheus (Debian's, on loopback) scrapes /prometheus, which
 * promtool finds valid, and sees the boot counted.
 */
class BootTimelineIT {

    private static final String MAC = "52:54:00:e2:e0:0d";
    private static final String UUID = "5c1d7e2a-8b3f-4e6d-9a0c-1f2e3d4c5b6a";
    private static final String SERIAL = "RACK7-SLOT13";
    private static final String TOKEN = "e2e-api-token";

    @TempDir
    Path work;

    @Test
    void aDiscoveredVmIsAdoptedBootsAndItsTimelineIsLiveCountedAndKept() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path harness = Harness.script(repository, "boot-http.sh");
        Path srv = Harness.fixtures(harness, work);
        Path data = work.resolve("data");
        Path assets = Harness.guestAssets(srv, data, "kernel", "initrd.gz", "oem.cpio.gz");
        Files.createDirectories(data.resolve("profiles"));
        Files.writeString(data.resolve("profiles/e2e.yaml"), """
                boot:
                  kernel: e2e/kernel
                  initrds: [e2e/initrd.gz, e2e/oem.cpio.gz]
                  args: [console=ttyS0, panic=-1]
                """);
        Map<String, String> settings = Map.of("PROVISIONER_DATA_DIR", data.toString(), "PROVISIONER_API_TOKEN", TOKEN,
                "PROVISIONER_RETRY_DELAY", "2s");

        JsonNode timeline;
        try (ServerProcess server = ServerProcess.start(repository, jar, work.resolve("server.log"), settings);
             Prometheus prometheus = Prometheus.scraping(work.resolve("prometheus"), server.adminPort)) {
            TestHttp api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(TOKEN));
            BlockingQueue<String> live = new LinkedBlockingQueue<>();
            HttpClient client = HttpClient.newHttpClient();
            client.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/events?mac=" + MAC))
                            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body().forEach(live::add));
            await("the event stream opens", 10, () -> !live.isEmpty());

            Path vm = work.resolve("vm");
            Path bootLog = work.resolve("boot.log");
            CompletableFuture<Integer> boot = CompletableFuture.supplyAsync(() -> {
                try {
                    return Harness.run(List.of("bash", harness.toString(), server.url()), Map.of("WORK", vm.toString(),
                            "MAC", MAC, "UUID", UUID, "SERIAL", SERIAL, "TIMEOUT", "300"), bootLog, 360);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await("the VM discovered", 180, () -> api.get("/api/v1/discovered/" + MAC).statusCode() == 200);
            JsonNode stray = TestHttp.parse(api.get("/api/v1/discovered/" + MAC));
            assertThat(stray.get("uuid").asText()).as("SMBIOS, through iPXE's ${uuid}").isEqualTo(UUID);
            assertThat(stray.get("serial").asText()).as("SMBIOS, through iPXE's ${serial}").isEqualTo(SERIAL);
            assertThat(stray.get("platform").asText()).isEqualTo("pcbios");
            HttpResponse<String> adopted = api.json("POST", "/api/v1/discovered/" + MAC + "/adopt",
                    "{\"hostname\":\"e2e-adopted\",\"profile\":\"e2e\",\"labels\":{\"rack\":\"r7\"}}");
            assertThat(adopted.statusCode()).as(adopted.body()).isEqualTo(201);

            int exit = boot.get();
            assertThat(exit).as("boot-http.sh; its log:\n%s\nserver log:\n%s", Files.readString(bootLog),
                    Files.readString(server.log)).isZero();
            assertThat(Files.readString(vm.resolve("serial.txt"))).contains("E2E-MARKER: init started");

            timeline = TestHttp.parse(api.get("/api/v1/machines/" + MAC + "/timeline"));
            JsonNode steps = lastBoot(timeline).get("steps");
            List<String> names = new ArrayList<>();
            steps.forEach(step -> names.add(step.get("step").asText() + " " + step.at("/event/outcome").asText()));
            assertThat(names).as("adopted between two tries of one boot, which then went on")
                    .containsSubsequence("boot script not_registered", "boot script served", "kernel served",
                            "initrd served", "initrd served");
            long previous = -1;
            for (JsonNode step : steps) {
                assertThat(step.get("atMs").asLong()).isGreaterThanOrEqualTo(previous);
                previous = step.get("atMs").asLong();
                if (step.get("step").asText().equals("kernel")) {
                    assertThat(step.at("/event/bytes").asLong()).isEqualTo(Files.size(assets.resolve("kernel")));
                    assertThat(step.at("/event/durationMs").asLong()).isNotNegative();
                    assertThat(step.get("bytesPerSecond").asLong()).isPositive();
                }
            }
            System.out.println("[boot-timeline] one real VM boot (iPXE ROM in QEMU, TCG), step / at / since previous / size:");
            steps.forEach(step -> System.out.printf("[boot-timeline] %-14s %-15s %7d ms %7d ms %s%n",
                    step.get("step").asText(), step.at("/event/outcome").asText(), step.get("atMs").asLong(),
                    step.get("sincePreviousMs").asLong(), step.at("/event/bytes").isMissingNode() ? ""
                            : step.at("/event/bytes").asLong() + " B in " + step.at("/event/durationMs").asLong() + " ms"));

            List<String> seen = new ArrayList<>(live);
            assertThat(seen).as("streamed live to a client connected before the boot")
                    .anySatisfy(line -> assertThat(line).startsWith("data:").contains("\"outcome\":\"not_registered\""))
                    .anySatisfy(line -> assertThat(line).startsWith("data:").contains("\"artifact\":\"e2e/kernel\""));

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.adminPort + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Path exposition = Files.writeString(work.resolve("metrics.txt"), metrics);
            ProcessBuilder promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                    .redirectInput(exposition.toFile());
            Process check = promtool.start();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as("promtool check metrics: %s", said).isZero();
            assertThat(metrics).doesNotContain(MAC).doesNotContain(MAC.replace(':', '-')).doesNotContain(TOKEN);
            await("Prometheus scraped the completed boot", 60,
                    () -> prometheus.value("provisioner_boots_completed_total{profile=\"e2e\"}") >= 1);
            assertThat(prometheus.value("boot_events_asset_served_total")).isGreaterThanOrEqualTo(3);
            assertThat(prometheus.value("up")).isEqualTo(1);
        }

        try (ServerProcess restarted = ServerProcess.start(repository, jar, work.resolve("server-2.log"), settings)) {
            JsonNode after = TestHttp.parse(new TestHttp(restarted.url(), Optional.of(TOKEN))
                    .get("/api/v1/machines/" + MAC + "/timeline"));
            assertThat(after).as("the same timeline after a restart").isEqualTo(timeline);
        }
    }

    private static JsonNode lastBoot(JsonNode timeline) {
        JsonNode boots = timeline.get("boots");
        assertThat(boots).isNotEmpty();
        return boots.get(boots.size() - 1);
    }

    static void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(500);
        }
    }

    /** Debian's Prometheus on loopback, scraping one target every second; stopped by its PID. */
    static final class Prometheus implements AutoCloseable {

        private final Process process;
        private final int port;

        private Prometheus(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Prometheus scraping(Path directory, int adminPort) throws Exception {
            Files.createDirectories(directory);
            int port = ServerProcess.freePort();
            Path config = Files.writeString(directory.resolve("prometheus.yml"), """
                    global: {scrape_interval: 1s, scrape_timeout: 1s}
                    scrape_configs:
                      - job_name: provisioner
                        metrics_path: /prometheus
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(adminPort));
            Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(directory.resolve("prometheus.log").toFile()).start();
            Prometheus prometheus = new Prometheus(process, port);
            await("Prometheus ready", 30, prometheus::ready);
            return prometheus;
        }

        private boolean ready() {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }

        /** The query's first value, or -1 while it has none. */
        double value(String query) {
            try {
                JsonNode result = TestHttp.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query,
                                StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()));
                JsonNode values = result.at("/data/result");
                return values.isEmpty() ? -1 : values.get(0).at("/value/1").asDouble();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
