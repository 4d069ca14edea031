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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operator API against the real application, started from the repository's config.yml. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MachineApiTest {

    static final String TOKEN = "test-token-0123456789";
    static final Path DATA = TestData.directory();

    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", TOKEN),
            ConfigOverride.config("refreshInterval", "100ms"));

    private TestHttp api;

    @BeforeEach
    void client() throws Exception {
        api = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.of(TOKEN));
        TestData.clearMachines(DATA);
        TestData.eventually(() -> parse(api.get("/api/v1/machines")).get("machines").isEmpty() ? true : null);
    }

    private static String machine(String mac, String hostname) {
        return "{\"mac\":\"" + mac + "\",\"hostname\":\"" + hostname + "\",\"profile\":\"worker\"}";
    }

    @Test
    void registersAMachineAndNormalisesItsMac() throws IOException {
        HttpResponse<String> created = api.json("POST", "/api/v1/machines",
                "{\"mac\":\"52-54-00-AB-CD-EF\",\"hostname\":\"node-1\",\"profile\":\"worker\","
                        + "\"labels\":{\"rack\":\"r1\"},\"metadata\":{\"slot\":4,\"tags\":[\"a\",\"b\"]}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/machines/52-54-00-ab-cd-ef"));
        JsonNode body = parse(created);
        assertThat(body.get("mac").asText()).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(Files.readString(DATA.resolve("machines/52-54-00-ab-cd-ef.yaml"))).contains("hostname: node-1");
        for (String spelling : List.of("52:54:00:ab:cd:ef", "52-54-00-AB-CD-EF", "5254.00ab.cdef", "525400abcdef")) {
            HttpResponse<String> fetched = api.get("/api/v1/machines/" + spelling);
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(parse(fetched)).isEqualTo(body);
        }
        assertThat(parse(api.get("/api/v1/machines/525400abcdef")).at("/metadata/tags/1").asText()).isEqualTo("b");
    }

    /** Every validation error: status, and the field the details name. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"mac\":\"zz:zz\",\"profile\":\"worker\"}                                     | 422 | mac",
        "{\"profile\":\"worker\"}                                                       | 422 | mac",
        "{\"mac\":\"52:54:00:00:00:01\",\"hostname\":\"-bad-\",\"profile\":\"worker\"}  | 422 | hostname",
        "{\"mac\":\"52:54:00:00:00:01\",\"hostname\":\"a_b\",\"profile\":\"worker\"}    | 422 | hostname",
        "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"nope\"}                           | 422 | profile",
        "{\"mac\":\"52:54:00:00:00:01\"}                                                | 422 | profile",
        "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"worker\",\"labels\":{\"a b\":\"x\"}} | 422 | labels.a b",
        "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"worker\",\"labels\":{\"k\":null}}  | 422 | labels.k",
        "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"worker\",\"hostnme\":\"x\"}       | 400 | hostnme",
        "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"worker\",\"labels\":[1]}          | 400 | labels",
        "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"worker\",\"labels\":{\"k\":{}}}   | 400 | labels.k",
        "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"worker\",\"metadata\":\"x\"}      | 400 | metadata",
        "{\"mac\": ]                                                                   | 400 | body",
        "[1,2]                                                                         | 400 | body",
    })
    void refusesInvalidMachinesNamingTheField(String body, int status, String field) {
        HttpResponse<String> response = api.json("POST", "/api/v1/machines", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = parse(response);
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("details")).anySatisfy(d -> assertThat(d.get("field").asText()).isEqualTo(field));
        assertThat(DATA.resolve("machines/52-54-00-00-00-01.yaml")).doesNotExist();
    }

    @Test
    void boundsLabelsMetadataAndBodySize() {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            labels.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertThat(api.json("POST", "/api/v1/machines", "{\"mac\":\"52:54:00:00:00:01\",\"profile\":\"worker\","
                + "\"labels\":{" + labels + "}}").statusCode()).isEqualTo(422);
        HttpResponse<String> metadata = api.json("POST", "/api/v1/machines", "{\"mac\":\"52:54:00:00:00:01\","
                + "\"profile\":\"worker\",\"metadata\":{\"x\":\"" + "m".repeat(20_000) + "\"}}");
        assertThat(metadata.statusCode()).isEqualTo(422);
        assertThat(parse(metadata).at("/details/0/field").asText()).isEqualTo("metadata");
        HttpResponse<String> huge = api.json("POST", "/api/v1/machines", "{\"mac\":\"52:54:00:00:00:01\","
                + "\"profile\":\"worker\",\"metadata\":{\"x\":\"" + "m".repeat(70_000) + "\"}}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(parse(huge).get("code").asInt()).isEqualTo(413);
    }

    @Test
    void refusesOtherContentTypesAndEmptyBodies() {
        HttpResponse<String> text = api.send("POST", "/api/v1/machines", "text/plain", machine("52:54:00:00:00:01", "a"));
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(parse(text).at("/details/0/field").asText()).isEqualTo("Content-Type");
        assertThat(api.json("POST", "/api/v1/machines", "").statusCode()).isEqualTo(400);
    }

    @Test
    void conflictsNotFoundAndBadMacsInTheUrl() {
        assertThat(api.json("POST", "/api/v1/machines", machine("52:54:00:00:00:01", "a")).statusCode()).isEqualTo(201);
        HttpResponse<String> again = api.json("POST", "/api/v1/machines", machine("52-54-00-00-00-01", "b"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(parse(again).at("/details/0/field").asText()).isEqualTo("mac");
        assertThat(api.get("/api/v1/machines/52:54:00:00:00:02").statusCode()).isEqualTo(404);
        assertThat(parse(api.get("/api/v1/machines/52:54:00:00:00:02")).get("code").asInt()).isEqualTo(404);
        assertThat(api.send("DELETE", "/api/v1/machines/52:54:00:00:00:02", null, null).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = api.get("/api/v1/machines/not-a-mac");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(parse(bad).at("/details/0/field").asText()).isEqualTo("mac");
        assertThat(api.get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void putCreatesThenReplacesAndRefusesAnotherMac() {
        HttpResponse<String> created = api.json("PUT", "/api/v1/machines/52-54-00-00-00-05", "{\"profile\":\"worker\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> replaced = api.json("PUT", "/api/v1/machines/525400000005",
                "{\"mac\":\"52:54:00:00:00:05\",\"hostname\":\"five\",\"profile\":\"worker\"}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(parse(api.get("/api/v1/machines/52:54:00:00:00:05")).get("hostname").asText()).isEqualTo("five");
        HttpResponse<String> other = api.json("PUT", "/api/v1/machines/52:54:00:00:00:05",
                "{\"mac\":\"52:54:00:00:00:06\",\"profile\":\"worker\"}");
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(parse(other).at("/details/0/field").asText()).isEqualTo("mac");
    }

    @Test
    void patchMergesAndValidatesTheResult() {
        api.json("POST", "/api/v1/machines", "{\"mac\":\"52:54:00:00:00:07\",\"hostname\":\"seven\",\"profile\":\"worker\","
                + "\"labels\":{\"rack\":\"r1\",\"row\":\"2\"},\"metadata\":{\"a\":{\"b\":1,\"c\":2}}}");
        HttpResponse<String> patched = api.send("PATCH", "/api/v1/machines/52-54-00-00-00-07", "application/merge-patch+json",
                "{\"labels\":{\"rack\":null,\"zone\":\"z\"},\"metadata\":{\"a\":{\"c\":null}}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode body = parse(patched);
        assertThat(body.get("hostname").asText()).isEqualTo("seven");
        assertThat(body.get("labels").toString()).isEqualTo("{\"row\":\"2\",\"zone\":\"z\"}");
        assertThat(body.get("metadata").toString()).isEqualTo("{\"a\":{\"b\":1}}");
        HttpResponse<String> invalid = api.send("PATCH", "/api/v1/machines/52-54-00-00-00-07", "application/merge-patch+json",
                "{\"hostname\":\"bad_name\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(parse(api.get("/api/v1/machines/52-54-00-00-00-07")).get("hostname").asText()).isEqualTo("seven");
        HttpResponse<String> wrongType = api.send("PATCH", "/api/v1/machines/52-54-00-00-00-07", "application/merge-patch+json",
                "{\"labels\":\"x\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(parse(wrongType).at("/details/0/field").asText()).isEqualTo("labels");
        assertThat(api.send("PATCH", "/api/v1/machines/52-54-00-00-00-08", "application/merge-patch+json", "{}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aMachinesStateIsPatchedThroughTheSameRulesAndWrittenToItsFile() throws Exception {
        api.json("POST", "/api/v1/machines", machine("52:54:00:00:00:0a", "ten"));
        assertThat(parse(api.get("/api/v1/machines/52-54-00-00-00-0a")).get("state").asText()).isEqualTo("provision");
        HttpResponse<String> local = api.send("PATCH", "/api/v1/machines/52-54-00-00-00-0a", "application/merge-patch+json",
                "{\"state\":\"local\"}");
        assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
        assertThat(parse(local).get("state").asText()).isEqualTo("local");
        assertThat(Files.readString(DATA.resolve("machines/52-54-00-00-00-0a.yaml"))).contains("state: local");
        HttpResponse<String> bogus = api.send("PATCH", "/api/v1/machines/52-54-00-00-00-0a", "application/merge-patch+json",
                "{\"state\":\"lcoal\"}");
        assertThat(bogus.statusCode()).isEqualTo(422);
        assertThat(parse(bogus).at("/details/0/field").asText()).isEqualTo("state");
        assertThat(parse(bogus).at("/details/0/reason").asText())
                .isEqualTo("'lcoal' is not a machine state (provision, local, reprovision, failed)");
        api.send("PATCH", "/api/v1/machines/52-54-00-00-00-0a", "application/merge-patch+json", "{\"state\":\"provision\"}");
        assertThat(Files.readString(DATA.resolve("machines/52-54-00-00-00-0a.yaml"))).as("the default is not written")
                .doesNotContain("state");
    }

    @Test
    void deleteRemovesTheFile() {
        api.json("POST", "/api/v1/machines", machine("52:54:00:00:00:09", "nine"));
        assertThat(api.send("DELETE", "/api/v1/machines/52:54:00:00:00:09", null, null).statusCode()).isEqualTo(204);
        assertThat(DATA.resolve("machines/52-54-00-00-00-09.yaml")).doesNotExist();
        assertThat(api.get("/api/v1/machines/52:54:00:00:00:09").statusCode()).isEqualTo(404);
    }

    @Test
    void listsAndFiltersByProfileAndLabels() {
        api.json("POST", "/api/v1/machines", "{\"mac\":\"52:54:00:00:01:01\",\"profile\":\"worker\",\"labels\":{\"rack\":\"r1\",\"role\":\"db\"}}");
        api.json("POST", "/api/v1/machines", "{\"mac\":\"52:54:00:00:01:02\",\"profile\":\"worker\",\"labels\":{\"rack\":\"r1\"}}");
        api.json("POST", "/api/v1/machines", "{\"mac\":\"52:54:00:00:01:03\",\"profile\":\"manager\",\"labels\":{\"rack\":\"r2\"}}");
        assertThat(macs("/api/v1/machines")).containsExactly("52:54:00:00:01:01", "52:54:00:00:01:02", "52:54:00:00:01:03");
        assertThat(macs("/api/v1/machines?profile=worker")).containsExactly("52:54:00:00:01:01", "52:54:00:00:01:02");
        assertThat(macs("/api/v1/machines?label=rack:r1&label=role:db")).containsExactly("52:54:00:00:01:01");
        assertThat(macs("/api/v1/machines?label=rack:r2&profile=worker")).isEmpty();
        HttpResponse<String> bad = api.get("/api/v1/machines?label=norack");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(parse(bad).at("/details/0/field").asText()).isEqualTo("label");
    }

    private List<String> macs(String path) {
        List<String> macs = new ArrayList<>();
        parse(api.get(path)).get("machines").forEach(m -> macs.add(m.get("mac").asText()));
        return macs;
    }

    @Test
    void concurrentRegistrationsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Integer>> distinct = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String mac = String.format("52:54:00:10:%02x:%02x", i >> 8, i & 0xff);
            distinct.add(pool.submit(() -> api.json("POST", "/api/v1/machines", machine(mac, "n" + mac.substring(12).replace(":", ""))).statusCode()));
        }
        List<Future<Integer>> same = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            same.add(pool.submit(() -> api.json("POST", "/api/v1/machines", machine("52:54:00:20:00:00", "same")).statusCode()));
        }
        for (Future<Integer> f : distinct) {
            assertThat(f.get()).isEqualTo(201);
        }
        List<Integer> sameStatuses = new ArrayList<>();
        for (Future<Integer> f : same) {
            sameStatuses.add(f.get());
        }
        pool.shutdown();
        assertThat(sameStatuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        assertThat(parse(api.get("/api/v1/machines")).get("machines")).hasSize(201);
        try (Stream<Path> files = Files.list(DATA.resolve("machines"))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".yaml"))).hasSize(201);
        }
    }

    @Test
    void handEditsArePickedUpAndBrokenFilesReportedWithLineAndColumn() throws Exception {
        Files.writeString(DATA.resolve("machines/52-54-00-30-00-01.yaml"), "profile: worker\nhostname: by-hand\n");
        JsonNode machine = TestData.eventually(() -> {
            HttpResponse<String> response = api.get("/api/v1/machines/52-54-00-30-00-01");
            return response.statusCode() == 200 ? parse(response) : null;
        });
        assertThat(machine.get("hostname").asText()).isEqualTo("by-hand");

        Files.writeString(DATA.resolve("machines/52-54-00-30-00-01.yaml"), "profile: worker\nhostname: [oops\n");
        JsonNode problem = TestData.eventually(() -> {
            JsonNode problems = parse(api.get("/api/v1/machines")).get("problems");
            return problems.isEmpty() ? null : problems.get(0);
        });
        assertThat(problem.get("file").asText()).isEqualTo("machines/52-54-00-30-00-01.yaml");
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("column").asInt()).isEqualTo(1);
        assertThat(parse(api.get("/api/v1/machines/52-54-00-30-00-01")).get("hostname").asText()).isEqualTo("by-hand");
    }

    @Test
    void profilesAreListedAndABrokenOneIsExplained() {
        JsonNode list = parse(api.get("/api/v1/profiles"));
        assertThat(list.get("profiles")).extracting(p -> p.get("id").asText()).containsExactly("manager", "worker");
        assertThat(list.get("problems")).anySatisfy(p -> assertThat(p.get("file").asText()).isEqualTo("profiles/broken.yaml"));
        JsonNode worker = parse(api.get("/api/v1/profiles/worker"));
        assertThat(worker.at("/boot/kernel").asText()).isEqualTo("flatcar/vmlinuz");
        assertThat(worker.get("ignition").asText()).isEqualTo("3.3.0");
        assertThat(worker.get("oem_layout").asText()).isEqualTo("flatcar");
        assertThat(worker.get("oem_file").asText()).isEqualTo("config.ign");
        assertThat(worker.has("swarm")).isFalse();
        HttpResponse<String> broken = api.get("/api/v1/profiles/broken");
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(parse(broken).at("/details/0/line").asInt()).isEqualTo(3);
        assertThat(parse(broken).at("/details/0/column").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/profiles/missing").statusCode()).isEqualTo(404);
    }

    @Test
    void aMachineThatAsksUnregisteredIsDiscoveredAndAdoptionMakesItsNextBootProvision() {
        String ipxe = "/ipxe?mac=52:54:00:00:00:0d&uuid=6e2c8a4f-0b1d-4f7e-9c3a-2d5e8f1a7b90&serial=SN-0D"
                + "&arch=x86_64&platform=pcbios";
        assertThat(api.get(ipxe).body()).contains("not registered");
        JsonNode stray = parse(api.get("/api/v1/discovered/52-54-00-00-00-0d"));
        assertThat(stray.get("uuid").asText()).isEqualTo("6e2c8a4f-0b1d-4f7e-9c3a-2d5e8f1a7b90");
        assertThat(stray.get("serial").asText()).isEqualTo("SN-0D");
        assertThat(stray.get("platform").asText()).isEqualTo("pcbios");
        assertThat(stray.get("source").asText()).isEqualTo("127.0.0.1");
        assertThat(stray.get("firstSeen").asText()).isNotBlank();
        assertThat(parse(api.get("/api/v1/discovered")).get("discovered"))
                .anySatisfy(machine -> assertThat(machine.get("mac").asText()).isEqualTo("52:54:00:00:00:0d"));

        HttpResponse<String> invalid = api.json("POST", "/api/v1/discovered/52-54-00-00-00-0d/adopt",
                "{\"hostname\":\"thirteen\",\"profile\":\"nope\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(parse(invalid).at("/details/0/field").asText()).isEqualTo("profile");
        HttpResponse<String> adopted = api.json("POST", "/api/v1/discovered/52-54-00-00-00-0d/adopt",
                "{\"hostname\":\"thirteen\",\"profile\":\"worker\",\"labels\":{\"rack\":\"r2\"}}");
        assertThat(adopted.statusCode()).as(adopted.body()).isEqualTo(201);
        assertThat(adopted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/machines/52-54-00-00-00-0d"));
        assertThat(parse(api.get("/api/v1/machines/52-54-00-00-00-0d")).at("/labels/rack").asText()).isEqualTo("r2");
        assertThat(api.get("/api/v1/discovered/52-54-00-00-00-0d").statusCode()).isEqualTo(404);
        assertThat(api.json("POST", "/api/v1/discovered/52-54-00-00-00-0d/adopt",
                "{\"profile\":\"worker\"}").statusCode()).as("adopted once: it is registered").isEqualTo(409);
        assertThat(api.get(ipxe).body()).contains("kernel ");
    }

    @Test
    void aBootIsOneRecordOfStepsStreamedLiveAndKeptInTheMachinesFile() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<?> stream = client.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/api/v1/events?mac=52-54-00-00-00-0e"))
                        .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        try {
            assertThat(lines.poll(10, TimeUnit.SECONDS)).as("the stream opens")
                    .startsWith(": provisioner boot events");
            api.json("POST", "/api/v1/machines", machine("52:54:00:00:00:0e", "fourteen"));
            api.get("/ipxe?mac=52:54:00:00:00:0f");
            assertThat(api.get("/ipxe?mac=52:54:00:00:00:0e").body()).contains("kernel ");
            assertThat(api.get("/assets/flatcar/vmlinuz?mac=52:54:00:00:00:0e").statusCode()).isEqualTo(200);
            api.get("/assets/flatcar/initrd.cpio.gz?mac=52:54:00:00:00:0e");

            List<String> events = new ArrayList<>();
            while (events.size() < 3) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                assertThat(line).as("events so far: %s", events).isNotNull();
                if (line.startsWith("data:")) {
                    events.add(line);
                }
            }
            assertThat(events).as("only the machine asked for, in order").allMatch(e -> e.contains("52:54:00:00:00:0e"))
                    .satisfiesExactly(e -> assertThat(e).contains("\"kind\":\"ipxe_script\""),
                            e -> assertThat(e).contains("\"artifact\":\"flatcar/vmlinuz\"", "\"bytes\":1048576"),
                            e -> assertThat(e).contains("\"outcome\":\"missing\""));
        } finally {
            stream.cancel(true);
        }

        JsonNode boots = parse(api.get("/api/v1/machines/52-54-00-00-00-0e/timeline")).get("boots");
        assertThat(boots).hasSize(1);
        JsonNode steps = boots.get(0).get("steps");
        assertThat(steps).extracting(step -> step.get("step").asText())
                .containsExactly("boot script", "kernel", "initrd");
        assertThat(steps.get(1).at("/event/bytes").asLong()).isEqualTo(1 << 20);
        assertThat(steps.get(1).get("bytesPerSecond").asLong()).isPositive();
        assertThat(steps.get(2).get("atMs").asLong()).isGreaterThanOrEqualTo(steps.get(1).get("atMs").asLong());
        assertThat(Files.readAllLines(DATA.resolve(".provisioner/timeline/52-54-00-00-00-0e.jsonl")))
                .as("a line an event, for registered machines only").hasSize(3);
        assertThat(DATA.resolve(".provisioner/timeline/52-54-00-00-00-0f.jsonl")).doesNotExist();
    }

    @Test
    void theApiNeedsTheTokenAndTheBootPathDoesNot() {
        TestHttp anonymous = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.empty());
        TestHttp wrong = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.of(TOKEN + "x"));
        for (TestHttp client : List.of(anonymous, wrong)) {
            HttpResponse<String> refused = client.get("/api/v1/machines");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"provisioner\"");
            assertThat(parse(refused).get("code").asInt()).isEqualTo(401);
            assertThat(client.json("POST", "/api/v1/machines", machine("52:54:00:00:00:01", "a")).statusCode()).isEqualTo(401);
            assertThat(client.get("/api/v1/profiles").statusCode()).isEqualTo(401);
        }
        assertThat(DATA.resolve("machines/52-54-00-00-00-01.yaml")).doesNotExist();
        assertThat(anonymous.get("/boot.ipxe").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/ipxe?mac=52:54:00:00:00:01").statusCode()).isEqualTo(200);
    }
}
