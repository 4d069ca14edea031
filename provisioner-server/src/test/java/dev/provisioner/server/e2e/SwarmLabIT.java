package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.TestHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Docker Swarm (harness/swarm-lab.sh: a manager and three workers, real dockerd, each in a network namespace
 * of its own) and the real server jar in the lab's server namespace, reading the swarm through the manager's Engine
 * API. Each machine does what it would do on a rack, from its own address: fetch its boot script and its signed
 * config, run the served join unit's ExecStart (which enrolls, then joins). Worker 3 is the impostor. The steps build
 * on each other, in order. Every answer the server gave the test is kept: the manager token must be in none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmLabIT {

    private static final String API_TOKEN = "e2e-swarm-api-token";
    private static final String SUBNET = "10.213.7";
    private static final String MANAGER = SUBNET + ".1:2377";
    private static final String WORKER_MAC = "52:54:00:5a:00:01";
    private static final String MANAGER_MAC = "52:54:00:5a:00:02";
    private static final int IMPOSTOR = 3;
    private static final int GRACE_SECONDS = 15;
    private static final int ROTATE_AFTER_SECONDS = 45;
    /** The main server's TLS listener, in the lab's server namespace, where every port is free. */
    private static final int TLS_PORT = 18443;
    private static final Pattern PIN = Pattern.compile("--pinnedpubkey (sha256//[A-Za-z0-9+/=]+)");
    private static final Pattern SIGNED = Pattern.compile("/oem/\\S+\\?(attempt=\\S+) \\|\\| goto failed");
    private static final Pattern CREDENTIAL = Pattern.compile("credential=([A-Za-z0-9._-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path repository;
    private static Path jar;
    private static Path data;
    private static SwarmLab lab;
    private static ServerProcess server;
    private static TestHttp api;
    /** Every token the lab has had: none may ever reach a log or an API listing. */
    private static final List<String> tokens = new ArrayList<>();
    /** Every body the servers sent the test or the machines, but for the enrollments the join units consumed. */
    private static final List<String> answers = new ArrayList<>();
    private static final List<Path> logs = new ArrayList<>();
    /** The signed config query of the worker's boot, and its config, as the impostor would love to have them. */
    private static String workerSignedQuery;
    private static String workerConfig;
    private static String managerConfig;

    /** An answer to a machine: status and body. */
    record Answer(int status, String body) {
    }

    @BeforeAll
    static void labAndServer() throws Exception {
        repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        jar = Path.of(System.getProperty("provisioner.jar"));
        lab = SwarmLab.up(repository, 3, SUBNET);
        tokens.add(lab.env.get("WORKER_TOKEN"));
        tokens.add(lab.env.get("MANAGER_TOKEN"));

        data = work.resolve("data");
        Files.createDirectories(data.resolve("profiles"));
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"), """
                storage:
                  files:
                    - path: /etc/hostname
                      mode: 0644
                      contents:
                        inline: [=machine.hostname]
                """);
        for (String role : List.of("worker", "manager")) {
            Files.writeString(data.resolve("profiles/swarm-" + role + ".yaml"),
                    "boot:\n  kernel: flatcar/vmlinuz\nconfig: node.yaml\nswarm:\n  role: " + role + "\n");
        }
        server = start(Map.of("PROVISIONER_SWARM_DOCKER_HOST", "unix://" + lab.managerSocket(),
                "PROVISIONER_SWARM_REFRESH", "1s",
                "PROVISIONER_SWARM_QUARANTINE_GRACE", GRACE_SECONDS + "s",
                "PROVISIONER_SWARM_ROTATE_AFTER", ROTATE_AFTER_SECONDS + "s",
                "PROVISIONER_TLS_PORT", String.valueOf(TLS_PORT)));
        api = new TestHttp(server.url(), Optional.of(API_TOKEN));
        // the Engine API is read in the background: the first read lands shortly after the start
        await("the first read of the Engine API", 30, () -> swarm().hasNonNull("fetchedAt"));
        // the lab's dockerds call themselves swarm-worker-1 and -2: the registrations say the same
        register(WORKER_MAC, "swarm-worker-1", "swarm-worker");
        register(MANAGER_MAC, "swarm-worker-2", "swarm-manager");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private static ServerProcess start(Map<String, String> swarm) throws Exception {
        Map<String, String> environment = new HashMap<>(swarm);
        environment.put("PROVISIONER_DATA_DIR", data.toString());
        environment.put("PROVISIONER_API_TOKEN", API_TOKEN);
        // the most talkative level: tokens must stay out of it all the same
        environment.put("PROVISIONER_LOG_LEVEL", "DEBUG");
        Path log = work.resolve("server-" + logs.size() + ".log");
        logs.add(log);
        return lab.serve(repository, jar, log, environment);
    }

    private static HttpResponse<String> kept(HttpResponse<String> response) {
        answers.add(response.body());
        return response;
    }

    private static JsonNode swarm() {
        return TestHttp.parse(kept(api.get("/api/v1/swarm")));
    }

    private static void register(String mac, String hostname, String profile) {
        assertThat(kept(api.json("POST", "/api/v1/machines",
                "{\"mac\":\"" + mac + "\",\"hostname\":\"" + hostname + "\",\"profile\":\"" + profile + "\"}")).statusCode())
                .isEqualTo(201);
    }

    /** An HTTP request from worker {@code i}'s own address, with curl, as the machine would make it. */
    private static Answer fromMachine(int worker, String base, String path, String form, String... options) throws Exception {
        List<String> curl = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-w", "\n%{http_code}"));
        curl.addAll(List.of(options));
        if (form != null) {
            curl.addAll(List.of("--data", form));
        }
        curl.add(base + path);
        SwarmLab.Result result = lab.on(worker, 30, curl.toArray(String[]::new));
        assertThat(result.exit()).as(result.output()).isZero();
        String output = result.output();
        int cut = output.lastIndexOf('\n');
        Answer answer = new Answer(Integer.parseInt(output.substring(cut + 1).strip()), output.substring(0, cut));
        answers.add(answer.body());
        return answer;
    }

    private static Answer fromMachine(int worker, String path) throws Exception {
        return fromMachine(worker, server.url(), path, null);
    }

    /** The machine's Ignition as it gets it, from its address: its boot script, then the URL signed for that boot. */
    private static String config(int worker, String base, String mac) throws Exception {
        Answer script = fromMachine(worker, base, "/ipxe?mac=" + mac, null);
        Matcher signed = SIGNED.matcher(script.body());
        assertThat(signed.find()).as("a signed archive URL in the boot script:\n%s", script.body()).isTrue();
        Answer ignition = fromMachine(worker, base, "/ignition?mac=" + mac + "&" + signed.group(1), null);
        assertThat(ignition.status()).as(ignition.body()).isEqualTo(200);
        if (mac.equals(WORKER_MAC) && base.equals(server.url())) {
            workerSignedQuery = signed.group(1);
            workerConfig = ignition.body();
        }
        return ignition.body();
    }

    private static List<String> execLine(String config, String unit, String key) throws Exception {
        for (JsonNode u : JSON.readTree(config).at("/systemd/units")) {
            if (u.get("name").asText().equals(unit)) {
                return ExecLine.argv(u.get("contents").asText(), key);
            }
        }
        throw new AssertionError("no " + unit + " in " + config);
    }

    private static SwarmLab.Result runOn(int worker, List<String> argv, int timeoutSeconds) throws Exception {
        return lab.on(worker, timeoutSeconds, argv.toArray(String[]::new));
    }

    /** Rows of the manager's {@code docker node ls}: hostname, status, manager status, id. */
    private static List<String[]> nodes() throws Exception {
        SwarmLab.Result ls = lab.manager("node", "ls", "--format", "{{.Hostname}}|{{.Status}}|{{.ManagerStatus}}|{{.ID}}");
        assertThat(ls.exit()).as(ls.output()).isZero();
        return ls.output().lines().map(l -> l.split("\\|", -1)).toList();
    }

    private static List<String[]> nodes(String hostname) throws Exception {
        return nodes().stream().filter(n -> n[0].equals(hostname)).toList();
    }

    /** The verifier's view of the nodes with this hostname, from the API. */
    private static List<JsonNode> judged(String hostname) {
        List<JsonNode> found = new ArrayList<>();
        swarm().get("nodes").forEach(n -> {
            if (n.get("hostname").asText().equals(hostname)) {
                found.add(n);
            }
        });
        return found;
    }

    private static String inspect(String id, String format) throws Exception {
        return lab.manager("node", "inspect", id, "--format", format).output().strip();
    }

    private static long await(String what, int seconds, Check check) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + seconds + " s; nodes: "
                        + nodes().stream().map(n -> String.join("|", n)).toList() + "; judged: " + swarm().get("nodes"));
            }
            Thread.sleep(200);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static String localState(int worker) throws Exception {
        return lab.on(worker, 30, "docker", "info", "--format", "{{.Swarm.LocalNodeState}}").output().strip();
    }

    private static String fingerprint(String token) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    }

    private static String currentWorkerToken() throws Exception {
        return lab.manager("swarm", "join-token", "-q", "worker").output().strip();
    }

    @Test
    @Order(1)
    void theSwarmApiShowsTheManagerTheWorkerTokensFingerprintAndTheNodesButNoToken() throws Exception {
        JsonNode swarm = swarm();
        assertThat(swarm.get("source").asText()).isEqualTo("docker");
        assertThat(swarm.get("managers")).extracting(JsonNode::asText).containsExactly(MANAGER);
        assertThat(swarm.at("/tokenFingerprints/worker").asText()).isEqualTo(fingerprint(lab.env.get("WORKER_TOKEN")));
        assertThat(swarm.get("tokenFingerprints").has("manager")).as("the manager token is not even fingerprinted").isFalse();
        assertThat(judged("swarm-manager")).singleElement()
                .satisfies(n -> assertThat(n.get("standing").asText()).isEqualTo("founder"));
        assertThat(new TestHttp(server.url(), Optional.empty()).get("/api/v1/swarm").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void aWorkerEnrollsFromItsAddressJoinsAndIsVerifiedAndActive() throws Exception {
        String config = config(1, server.url(), WORKER_MAC);
        List<String> join = execLine(config, "docker-swarm-join.service", "ExecStart");
        // the unit carries a one-time enrollment, never a token: running it trades that for the token over TLS,
        // pinning the server's key
        assertThat(String.join(" ", join)).contains("credential=", "https://" + lab.serverAddress() + ":" + TLS_PORT + "/enroll",
                "--pinnedpubkey sha256//").doesNotContain("SWMTKN");
        SwarmLab.Result first = runOn(1, join, 120);
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("This node joined a swarm as a worker");
        long verified = await("swarm-worker-1 verified", 30, () -> judged("swarm-worker-1").stream()
                .anyMatch(n -> n.get("standing").asText().equals("verified") && n.get("state").asText().equals("ready")));
        System.out.printf("[swarm-lab] worker: from the end of docker swarm join to verified: %d ms%n", verified);
        JsonNode node = judged("swarm-worker-1").get(0);
        assertThat(node.get("machine").asText()).isEqualTo("52-54-00-5a-00-01");
        assertThat(node.get("drained").asBoolean()).isFalse();
        await("the verification written on the node", 10, () -> inspect(node.get("id").asText(),
                "{{.Spec.Availability}} {{index .Spec.Labels \"dev.provisioner.machine\"}}").equals("active 52-54-00-5a-00-01"));
        assertThat(TestHttp.parse(kept(api.get("/api/v1/machines/" + WORKER_MAC + "/events"))).findValuesAsText("outcome"))
                .contains("verified");
        JsonNode boots = TestHttp.parse(kept(api.get("/api/v1/machines/" + WORKER_MAC + "/timeline"))).get("boots");
        JsonNode steps = boots.get(boots.size() - 1).get("steps");
        List<String> names = new java.util.ArrayList<>();
        steps.forEach(step -> names.add(step.get("step").asText()));
        assertThat(names).as("the boot's steps, in order").containsSubsequence("config", "enrolled", "joined");
        assertThat(names).contains("verified");
        steps.forEach(step -> {
            if (step.get("step").asText().equals("joined")) {
                assertThat(step.at("/event/artifact").asText()).isEqualTo(node.get("id").asText());
                assertThat(step.get("atMs").asLong()).isPositive();
            }
        });

        SwarmLab.Result again = runOn(1, join, 120);
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("already in a swarm (active)").doesNotContain("joined");
        assertThat(nodes("swarm-worker-1")).hasSize(1);

        // the credential was spent: replaying it gets 403, from the machine and from anywhere else
        Matcher credential = CREDENTIAL.matcher(config);
        assertThat(credential.find()).isTrue();
        Matcher pin = PIN.matcher(String.join(" ", join));
        assertThat(pin.find()).isTrue();
        for (int from : new int[] {1, IMPOSTOR}) {
            Answer replay = fromMachine(from, "https://" + lab.serverAddress() + ":" + TLS_PORT, "/enroll",
                    "credential=" + credential.group(1), "--insecure", "--pinnedpubkey", pin.group(1));
            assertThat(replay.status()).isEqualTo(403);
            assertThat(replay.body()).doesNotContain("SWMTKN");
        }
    }

    @Test
    @Order(3)
    void aManagerRoleMachineJoinsAsAWorkerAndIsPromotedOnceVerified() throws Exception {
        managerConfig = config(2, server.url(), MANAGER_MAC);
        List<String> join = execLine(managerConfig, "docker-swarm-join.service", "ExecStart");
        // over plain HTTP the credential is refused before it is looked at: it is not spent, and no token crosses
        Matcher credential = CREDENTIAL.matcher(managerConfig);
        assertThat(credential.find()).isTrue();
        Answer plain = fromMachine(2, server.url(), "/enroll", "credential=" + credential.group(1));
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.body()).contains("enrollment is over HTTPS only, at port " + TLS_PORT);
        SwarmLab.Result result = runOn(2, join, 120);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("This node joined a swarm as a worker");
        long promoted = await("swarm-worker-2 a reachable manager", 60,
                () -> nodes("swarm-worker-2").stream().anyMatch(n -> n[2].equals("Reachable")));
        System.out.printf("[swarm-lab] manager: from the end of docker swarm join to promoted and reachable: %d ms%n", promoted);
        assertThat(judged("swarm-worker-2")).singleElement().satisfies(n -> assertThat(n.get("standing").asText()).isEqualTo("verified"));
        assertThat(TestHttp.parse(kept(api.get("/api/v1/machines/" + MANAGER_MAC + "/events"))).findValuesAsText("outcome"))
                .contains("verified", "promoted");
        // the new manager is offered to the machines that join next
        await("the API listing the second manager", 15, () -> swarm().get("managers").toString().contains(SUBNET + ".12:2377"));
    }

    @Test
    @Order(4)
    void anImpostorAtAnotherAddressGetsNeitherTheConfigNorANewAttempt() throws Exception {
        Answer stolen = fromMachine(IMPOSTOR, "/ignition?mac=" + WORKER_MAC + "&" + workerSignedQuery);
        assertThat(stolen.status()).isEqualTo(403);
        assertThat(stolen.body()).contains("bound to another address").doesNotContain("credential=");
        assertThat(fromMachine(IMPOSTOR, "/oem/" + WORKER_MAC.replace(':', '-') + ".cpio.gz?" + workerSignedQuery).status())
                .isEqualTo(403);
        // the worker is up in the swarm: a running machine does not network-boot, whoever asks
        Answer script = fromMachine(IMPOSTOR, "/ipxe?mac=" + WORKER_MAC);
        assertThat(script.body()).doesNotContain("attempt=").contains("nothing is handed out until an operator clears");
        assertThat(TestHttp.parse(kept(api.get("/api/v1/machines/" + WORKER_MAC + "/events"))).findValuesAsText("outcome"))
                .contains("forbidden", "conflict");
        assertThat(kept(api.send("DELETE", "/api/v1/machines/" + WORKER_MAC.replace(':', '-') + "/attempt", null, null))
                .statusCode()).isEqualTo(200);
        assertThat(kept(api.get("/api/v1/audit?limit=5")).body()).contains("\"actor\":\"api-token\"", "attempt");
    }

    @Test
    @Order(5)
    void aNodeJoinedWithALeakedTokenIsDrainedAtOnceRemovedAfterTheGraceAndTheTokenDiesAfterTheSettleTime() throws Exception {
        String leaked = currentWorkerToken();
        assertThat(leaked).as("not rotated yet: enrollments settle for %d s", ROTATE_AFTER_SECONDS)
                .isEqualTo(lab.env.get("WORKER_TOKEN"));
        SwarmLab.Result join = runOn(IMPOSTOR, List.of("docker", "swarm", "join", "--token", leaked, MANAGER), 60);
        assertThat(join.exit()).as(join.output()).isZero();
        long drained = await("swarm-worker-3 drained", 15, () -> judged("swarm-worker-3").stream()
                .anyMatch(n -> n.get("standing").asText().equals("quarantined") && n.get("drained").asBoolean()));
        System.out.printf("[swarm-lab] leaked-token node: from the end of docker swarm join to drained: %d ms%n", drained);
        String id = judged("swarm-worker-3").get(0).get("id").asText();
        assertThat(inspect(id, "{{.Spec.Availability}}")).isEqualTo("drain");
        assertThat(judged("swarm-worker-3").get(0).get("reason").asText()).isEqualTo("no registered machine is called swarm-worker-3");
        await("swarm-worker-3 removed", GRACE_SECONDS + 15, () -> nodes("swarm-worker-3").isEmpty());

        await("the worker token rotated", ROTATE_AFTER_SECONDS + 20, () -> !currentWorkerToken().equals(leaked));
        tokens.add(currentWorkerToken());
        await("the API showing the new token's fingerprint", 10,
                () -> swarm().at("/tokenFingerprints/worker").asText().equals(fingerprint(currentWorkerToken())));
        runOn(IMPOSTOR, List.of("docker", "swarm", "leave", "--force"), 60);
        SwarmLab.Result again = runOn(IMPOSTOR, List.of("docker", "swarm", "join", "--token", leaked, MANAGER), 60);
        assertThat(again.exit()).as(again.output()).isNotZero();
        assertThat(localState(IMPOSTOR)).isEqualTo("inactive");
    }

    @Test
    @Order(6)
    void theLeaveUnitsExecStopMakesTheNodeLeaveAndTheMachineJoinsAgainAsANewVerifiedNode() throws Exception {
        String oldId = judged("swarm-worker-1").get(0).get("id").asText();
        SwarmLab.Result left = runOn(1, execLine(workerConfig, "docker-swarm-leave.service", "ExecStop"), 120);
        assertThat(left.exit()).as(left.output()).isZero();
        assertThat(left.output()).contains("Node left the swarm");
        assertThat(localState(1)).isEqualTo("inactive");
        await("swarm-worker-1 down", 90, () -> judged("swarm-worker-1").stream().allMatch(n -> n.get("state").asText().equals("down")));

        // the machine boots again, now that its node is down: a new attempt, a new enrollment, a new node
        List<String> join = execLine(config(1, server.url(), WORKER_MAC), "docker-swarm-join.service", "ExecStart");
        SwarmLab.Result result = runOn(1, join, 120);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("This node joined a swarm as a worker");
        // the new node is verified and the reconciler removes the old, down one
        await("the down node replaced by a verified one", 30, () -> nodes("swarm-worker-1").size() == 1
                && judged("swarm-worker-1").stream().anyMatch(n -> n.get("standing").asText().equals("verified")
                && !n.get("id").asText().equals(oldId)));
    }

    @Test
    @Order(7)
    void aManagerDemotesItselfWhenItLeaves() throws Exception {
        // the config of the boot that made the node: asked for now, while the node is up, it would be a conflict
        List<String> leave = execLine(managerConfig, "docker-swarm-leave.service", "ExecStop");
        SwarmLab.Result left = runOn(2, leave, 120);
        assertThat(left.exit()).as(left.output()).isZero();
        assertThat(left.output()).contains("demoted", "Node left the swarm");
        assertThat(localState(2)).isEqualTo("inactive");
        assertThat(nodes("swarm-worker-2")).allSatisfy(n -> assertThat(n[2]).isEmpty());
        // the swarm finishes a demotion on its own time; the verifier must not undo it meanwhile (it promotes once)
        await("swarm-manager the only manager again", 30, () -> lab.manager("node", "ls", "--filter", "role=manager",
                "--format", "{{.Hostname}}").output().strip().equals("swarm-manager"));
        assertThat(TestHttp.parse(kept(api.get("/api/v1/machines/" + MANAGER_MAC + "/events"))).findValuesAsText("outcome")
                .stream().filter("promoted"::equals)).hasSize(1);
    }

    @Test
    @Order(8)
    void fixedTokensAndManagersFromTheConfigurationTryEveryManagerInTurn() throws Exception {
        assertThat(runOn(1, List.of("docker", "swarm", "leave"), 60).exit()).isZero();
        String token = currentWorkerToken();
        // the first address refuses connections: the join must go on to the second
        try (ServerProcess fixed = start(Map.of("PROVISIONER_SWARM_WORKER_TOKEN", token,
                "PROVISIONER_SWARM_MANAGERS", SUBNET + ".1:2399, " + MANAGER))) {
            TestHttp fixedApi = new TestHttp(fixed.url(), Optional.of(API_TOKEN));
            JsonNode swarm = TestHttp.parse(kept(fixedApi.get("/api/v1/swarm")));
            assertThat(swarm.get("source").asText()).isEqualTo("configuration");
            assertThat(swarm.get("managers")).extracting(JsonNode::asText).containsExactly(SUBNET + ".1:2399", MANAGER);
            List<String> join = execLine(config(1, fixed.url(), WORKER_MAC), "docker-swarm-join.service", "ExecStart");
            SwarmLab.Result result = runOn(1, join, 120);
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(result.output()).contains(SUBNET + ".1:2399", "This node joined a swarm as a worker");
            assertThat(localState(1)).isEqualTo("active");
        }
    }

    @Test
    @Order(9)
    void withNoManagerAnsweringTheJoinKeepsTrying() throws Exception {
        assertThat(runOn(1, List.of("docker", "swarm", "leave"), 60).exit()).isZero();
        try (ServerProcess fixed = start(Map.of("PROVISIONER_SWARM_WORKER_TOKEN", currentWorkerToken(),
                "PROVISIONER_SWARM_MANAGERS", SUBNET + ".1:2399"))) {
            List<String> join = execLine(config(1, fixed.url(), WORKER_MAC), "docker-swarm-join.service", "ExecStart");
            // one attempt takes about 10 s, then 10 s of sleep: after 35 s the unit is on its second or third try
            SwarmLab.Result result = runOn(1, join, 35);
            assertThat(result.exit()).as("still running when stopped").isEqualTo(-1);
            assertThat(result.output().split("no manager answered; trying again in 10 s", -1).length - 1)
                    .as(result.output()).isGreaterThanOrEqualTo(2);
            assertThat(localState(1)).isEqualTo("inactive");
        }
    }

    @Test
    @Order(10)
    void theManagerTokenIsInNoAnswerAndNoTokenReachesALogOrAListing() throws Exception {
        String managerToken = lab.env.get("MANAGER_TOKEN");
        assertThat(currentManagerTokenUnchanged(managerToken)).isTrue();
        assertThat(answers).isNotEmpty().noneMatch(body -> body.contains(managerToken));
        Predicate<String> clean = text -> tokens.stream().noneMatch(text::contains);
        assertThat(answers).allMatch(clean);
        assertThat(api.get("/api/v1/machines").body()).matches(clean);
        assertThat(api.get("/api/v1/machines/" + WORKER_MAC + "/events").body()).matches(clean)
                .contains("joins the swarm as worker");
        assertThat(api.get("/api/v1/profiles").body()).matches(clean);
        server.close();
        for (Path log : logs) {
            String text = Files.readString(log);
            assertThat(text).as(log.toString()).contains("DEBUG").matches(clean);
        }
        assertThat(Files.readString(logs.get(0))).contains("removed swarm node", "drained and quarantined",
                "rotated the worker join token");
    }

    private static boolean currentManagerTokenUnchanged(String managerToken) throws Exception {
        return lab.manager("swarm", "join-token", "-q", "manager").output().strip().equals(managerToken);
    }
}
