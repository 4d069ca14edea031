package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.TestHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Docker Swarm (harness/swarm-lab.sh: a manager and two workers, real dockerd) and the real
 * server jar reading tokens from the manager's Engine API. Each step runs what the server served: the join unit's
 * ExecStart and the leave unit's ExecStop, on a lab worker, and looks at the manager's {@code docker node ls}.
 * The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmLabIT {

    private static final String API_TOKEN = "e2e-swarm-api-token";
    private static final String SUBNET = "10.213.7";
    private static final String MANAGER = SUBNET + ".1:2377";
    private static final String WORKER_MAC = "52:54:00:5a:00:01";
    private static final String MANAGER_MAC = "52:54:00:5a:00:02";

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
    private static final List<Path> logs = new ArrayList<>();

    @BeforeAll
    static void labAndServer() throws Exception {
        repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        jar = Path.of(System.getProperty("provisioner.jar"));
        lab = SwarmLab.up(repository, 2, SUBNET);
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
                "PROVISIONER_SWARM_REFRESH", "1s"));
        api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(API_TOKEN));
        // the Engine API is read in the background: the first read lands shortly after the start
        await("the first read of the Engine API", 30, () -> TestHttp.parse(api.get("/api/v1/swarm")).hasNonNull("fetchedAt"));
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
        return ServerProcess.start(repository, jar, log, environment);
    }

    private static void register(String mac, String hostname, String profile) {
        assertThat(api.json("POST", "/api/v1/machines",
                "{\"mac\":\"" + mac + "\",\"hostname\":\"" + hostname + "\",\"profile\":\"" + profile + "\"}").statusCode())
                .isEqualTo(201);
    }

    /** The machine's served Ignition (through the signed URL of its boot), and in it the contents of one unit. */
    private static String unit(TestHttp from, String mac, String name) {
        var response = SignedConfig.ignition(from, mac);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode unit : TestHttp.parse(response).at("/systemd/units")) {
            if (unit.get("name").asText().equals(name)) {
                return unit.get("contents").asText();
            }
        }
        throw new AssertionError("no " + name + " in " + response.body());
    }

    private static SwarmLab.Result runOn(int worker, List<String> argv, int timeoutSeconds) throws Exception {
        return lab.on(worker, timeoutSeconds, argv.toArray(String[]::new));
    }

    /** Rows of the manager's {@code docker node ls}: hostname, status, manager status. */
    private static List<String[]> nodes() throws Exception {
        SwarmLab.Result ls = lab.manager("node", "ls", "--format", "{{.Hostname}}|{{.Status}}|{{.ManagerStatus}}|{{.ID}}");
        assertThat(ls.exit()).as(ls.output()).isZero();
        return ls.output().lines().map(l -> l.split("\\|", -1)).toList();
    }

    private static List<String[]> nodes(String hostname) throws Exception {
        return nodes().stream().filter(n -> n[0].equals(hostname)).toList();
    }

    private static void await(String what, int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + seconds + " s; nodes: "
                        + nodes().stream().map(n -> String.join("|", n)).toList());
            }
            Thread.sleep(500);
        }
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

    @Test
    @Order(1)
    void theSwarmApiShowsTheManagerAndTokenFingerprintsButNoToken() throws Exception {
        var response = api.get("/api/v1/swarm");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode swarm = TestHttp.parse(response);
        assertThat(swarm.get("source").asText()).isEqualTo("docker");
        assertThat(swarm.get("managers")).extracting(JsonNode::asText).containsExactly(MANAGER);
        assertThat(swarm.at("/tokenFingerprints/worker").asText()).isEqualTo(fingerprint(lab.env.get("WORKER_TOKEN")));
        assertThat(swarm.at("/tokenFingerprints/manager").asText()).isEqualTo(fingerprint(lab.env.get("MANAGER_TOKEN")));
        assertThat(response.body()).doesNotContain(tokens);
        assertThat(new TestHttp("http://127.0.0.1:" + server.port, Optional.empty()).get("/api/v1/swarm").statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(2)
    void aWorkerJoinsByRunningItsServedExecStartAndASecondRunChangesNothing() throws Exception {
        List<String> join = ExecLine.argv(unit(api, WORKER_MAC, "docker-swarm-join.service"), "ExecStart");
        // the unit carries a one-time enrollment, never a token: running it trades that for the token over HTTP
        assertThat(String.join(" ", join)).contains("credential=", "/enroll").doesNotContain("SWMTKN");
        SwarmLab.Result first = runOn(1, join, 120);
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("This node joined a swarm as a worker");
        await("swarm-worker-1 ready", 30, () -> nodes("swarm-worker-1").stream().anyMatch(n -> n[1].equals("Ready")));

        SwarmLab.Result again = runOn(1, join, 120);
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("already in a swarm (active)").doesNotContain("joined");
        assertThat(nodes("swarm-worker-1")).hasSize(1);
    }

    @Test
    @Order(3)
    void theLeaveUnitsExecStopMakesTheNodeLeave() throws Exception {
        List<String> leave = ExecLine.argv(unit(api, WORKER_MAC, "docker-swarm-leave.service"), "ExecStop");
        SwarmLab.Result result = runOn(1, leave, 120);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("Node left the swarm");
        assertThat(localState(1)).isEqualTo("inactive");
        await("swarm-worker-1 down", 90, () -> nodes("swarm-worker-1").stream().allMatch(n -> n[1].equals("Down")));
    }

    @Test
    @Order(4)
    void afterRotationTheNextConfigCarriesTheNewTokenAndTheDownNodeGoesOnceTheMachineHasJoinedAgain() throws Exception {
        String old = lab.env.get("WORKER_TOKEN");
        assertThat(lab.manager("swarm", "join-token", "--rotate", "-q", "worker").exit()).isZero();
        SwarmLab.Result current = lab.manager("swarm", "join-token", "-q", "worker");
        String rotated = current.output().strip();
        assertThat(rotated).startsWith("SWMTKN-1-").isNotEqualTo(old);
        tokens.add(rotated);
        Thread.sleep(1500);

        String downId = nodes("swarm-worker-1").get(0)[3];
        List<String> join = ExecLine.argv(unit(api, WORKER_MAC, "docker-swarm-join.service"), "ExecStart");
        assertThat(String.join(" ", join)).doesNotContain(rotated, old);
        assertThat(TestHttp.parse(api.get("/api/v1/swarm")).at("/tokenFingerprints/worker").asText())
                .isEqualTo(fingerprint(rotated));
        // fetching a config, which anyone can do, removes nothing: the down node stays until it is replaced
        Thread.sleep(3000);
        assertThat(nodes("swarm-worker-1")).singleElement().satisfies(n -> assertThat(n[3]).isEqualTo(downId));

        // the machine boots again and joins as a new node: the reconciler then removes the old, down one
        SwarmLab.Result result = runOn(1, join, 120);
        assertThat(result.exit()).as(result.output()).isZero();
        await("the down node replaced", 30, () -> nodes("swarm-worker-1").size() == 1
                && nodes("swarm-worker-1").get(0)[1].equals("Ready"));
        assertThat(nodes("swarm-worker-1")).singleElement().satisfies(n -> assertThat(n[3]).isNotEqualTo(downId));
    }

    @Test
    @Order(5)
    void aManagerMachineJoinsAsManagerAndDemotesItselfWhenItLeaves() throws Exception {
        List<String> join = ExecLine.argv(unit(api, MANAGER_MAC, "docker-swarm-join.service"), "ExecStart");
        assertThat(String.join(" ", join)).doesNotContain(lab.env.get("MANAGER_TOKEN"), lab.env.get("WORKER_TOKEN"));
        SwarmLab.Result result = runOn(2, join, 120);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("This node joined a swarm as a manager");
        await("swarm-worker-2 a reachable manager", 30,
                () -> nodes("swarm-worker-2").stream().anyMatch(n -> n[2].equals("Reachable")));
        // the new manager is offered to the machines that boot next
        await("the API listing the second manager", 15, () -> TestHttp.parse(api.get("/api/v1/swarm")).get("managers")
                .toString().contains(SUBNET + ".12:2377"));

        List<String> leave = ExecLine.argv(unit(api, MANAGER_MAC, "docker-swarm-leave.service"), "ExecStop");
        SwarmLab.Result left = runOn(2, leave, 120);
        assertThat(left.exit()).as(left.output()).isZero();
        assertThat(left.output()).contains("demoted", "Node left the swarm");
        assertThat(localState(2)).isEqualTo("inactive");
        assertThat(nodes("swarm-worker-2")).allSatisfy(n -> assertThat(n[2]).isEmpty());
        assertThat(lab.manager("node", "ls", "--filter", "role=manager", "--format", "{{.Hostname}}").output().strip())
                .isEqualTo("swarm-manager");
    }

    @Test
    @Order(6)
    void fixedTokensAndManagersFromTheConfigurationTryEveryManagerInTurn() throws Exception {
        assertThat(runOn(1, List.of("docker", "swarm", "leave"), 60).exit()).isZero();
        String token = lab.manager("swarm", "join-token", "-q", "worker").output().strip();
        // the first address refuses connections: the join must go on to the second
        try (ServerProcess fixed = start(Map.of("PROVISIONER_SWARM_WORKER_TOKEN", token,
                "PROVISIONER_SWARM_MANAGERS", SUBNET + ".1:2399, " + MANAGER))) {
            TestHttp fixedApi = new TestHttp("http://127.0.0.1:" + fixed.port, Optional.of(API_TOKEN));
            JsonNode swarm = TestHttp.parse(fixedApi.get("/api/v1/swarm"));
            assertThat(swarm.get("source").asText()).isEqualTo("configuration");
            assertThat(swarm.get("managers")).extracting(JsonNode::asText).containsExactly(SUBNET + ".1:2399", MANAGER);
            List<String> join = ExecLine.argv(unit(fixedApi, WORKER_MAC, "docker-swarm-join.service"), "ExecStart");
            SwarmLab.Result result = runOn(1, join, 120);
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(result.output()).contains(SUBNET + ".1:2399", "This node joined a swarm as a worker");
            assertThat(localState(1)).isEqualTo("active");
        }
    }

    @Test
    @Order(7)
    void withNoManagerAnsweringTheJoinKeepsTrying() throws Exception {
        assertThat(runOn(1, List.of("docker", "swarm", "leave"), 60).exit()).isZero();
        try (ServerProcess fixed = start(Map.of("PROVISIONER_SWARM_WORKER_TOKEN", lab.env.get("WORKER_TOKEN"),
                "PROVISIONER_SWARM_MANAGERS", SUBNET + ".1:2399"))) {
            TestHttp fixedApi = new TestHttp("http://127.0.0.1:" + fixed.port, Optional.of(API_TOKEN));
            List<String> join = ExecLine.argv(unit(fixedApi, WORKER_MAC, "docker-swarm-join.service"), "ExecStart");
            // one attempt takes about 10 s, then 10 s of sleep: after 35 s the unit is on its second or third try
            SwarmLab.Result result = runOn(1, join, 35);
            assertThat(result.exit()).as("still running when stopped").isEqualTo(-1);
            assertThat(result.output().split("no manager answered; trying again in 10 s", -1).length - 1)
                    .as(result.output()).isGreaterThanOrEqualTo(2);
            assertThat(localState(1)).isEqualTo("inactive");
        }
    }

    @Test
    @Order(8)
    void noTokenReachesALogOrAListing() throws Exception {
        Predicate<String> clean = text -> tokens.stream().noneMatch(text::contains);
        assertThat(api.get("/api/v1/machines").body()).matches(clean);
        assertThat(api.get("/api/v1/machines/" + WORKER_MAC + "/events").body()).matches(clean).contains("joins the swarm as worker");
        assertThat(api.get("/api/v1/profiles").body()).matches(clean);
        server.close();
        for (Path log : logs) {
            String text = Files.readString(log);
            assertThat(text).as(log.toString()).contains("DEBUG").matches(clean);
        }
        assertThat(Files.readString(logs.get(0))).contains("removed swarm node");
    }
}
