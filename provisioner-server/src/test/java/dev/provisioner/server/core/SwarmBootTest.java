package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.render.IpxeScripts;
import dev.provisioner.server.render.EnrollmentTls;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.EnrollOutcome;
import dev.provisioner.server.core.trust.Opening;
import dev.provisioner.server.core.trust.Proof;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import dev.provisioner.server.swarm.StaticSwarm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swarm profiles through the whole core: real templates, the real transpiler and Debian's ignition-validate.
 * The swarm itself is the configured-tokens source here; the Engine API source is tested against a real swarm
 * in SwarmLabIT.
 */
class SwarmBootTest {

    private static final URI BASE = URI.create("http://boot.example:8080/");
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final String WORKER_TOKEN = "SWMTKN-1-" + "a".repeat(50) + "-" + "w".repeat(25);
    private static final TemplateEngine TEMPLATES = TemplateEngine.withBuiltIns(Optional.empty());

    @TempDir
    Path data;

    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final FixedProfiles profiles = new FixedProfiles();
    private SwarmSource swarm;
    private static final String SOURCE = "10.0.2.15";
    private static final String PIN = "sha256//OqKcK66j8kiWPRK9Ph9z33BhwmwHJOfUdoHSnserg40=";
    private final Attempts attempts = new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]),
            Duration.ofMinutes(30), RunningNodes.NONE, Clock.systemUTC());

    @BeforeEach
    void dataDirectory() throws Exception {
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"), """
                storage:
                  files:
                    - path: /etc/hostname
                      mode: 0644
                      contents:
                        inline: [=machine.hostname]
                    - path: /etc/swarm-role
                      contents:
                        inline: "[=swarm.role] via [=swarm.managers?join(',')]"
                """);
        for (SwarmRole role : SwarmRole.values()) {
            profiles.add(new Profile(role.dockerName(), new BootSpec("flatcar/vmlinuz", List.of(), List.of()),
                    Optional.of("node.yaml"), Profile.DEFAULT_SPEC, OemFormat.FLATCAR, Optional.of(role)));
        }
        swarm = new StaticSwarm(new SwarmCredentials(Optional.of(WORKER_TOKEN),
                List.of("10.0.0.1:2377", "[fd00::1]:2377"), "test"));
    }

    private Optional<EnrollmentTls> tls = Optional.empty();

    private BootService service() {
        return new BootService(machines, profiles, new IgnitionConfigRenderer(data, swarm, new SwarmUnits(TEMPLATES, tls)),
                attempts, swarm, new RecentTimeline(10, 10), Optional.empty(), Clock.systemUTC());
    }

    /** The config as the machine fetches it: through the signed URL of the attempt its boot opened. */
    private ConfigOutcome ignitionOutcome() {
        Opening opening = attempts.open(MAC, SOURCE, true, false);
        return service().ignition(MachineIdentity.of(MAC, SOURCE),
                Optional.of(attempts.proof(((Opening.Opened) opening).attempt())), Transport.HTTP, BASE);
    }

    private JsonNode ignition(String profile) throws Exception {
        machines.put(new Machine(MAC, "blade-7", profile, Map.of(), Map.of()));
        ConfigOutcome outcome = ignitionOutcome();
        assertThat(outcome).isInstanceOf(ConfigOutcome.Ready.class);
        byte[] json = ((ConfigOutcome.Ready) outcome).ignition();
        Path file = data.resolve(profile + ".ign");
        Files.write(file, json);
        Process validate = new ProcessBuilder("ignition-validate", file.toString()).redirectErrorStream(true).start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(output).isZero();
        return new ObjectMapper().readTree(json);
    }

    private static String unit(JsonNode config, String name) {
        for (JsonNode unit : config.at("/systemd/units")) {
            if (unit.get("name").asText().equals(name)) {
                assertThat(unit.get("enabled").asBoolean()).isTrue();
                return unit.get("contents").asText();
            }
        }
        throw new AssertionError("no unit " + name + " in " + config);
    }

    /** The credential a join unit carries, as its shell line gives it to curl. */
    private static String credential(String join) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--data-urlencode credential=(\\S+) ").matcher(join);
        assertThat(m.find()).as(join).isTrue();
        return m.group(1);
    }

    @Test
    void aWorkerGetsAJoinUnitWithAOneTimeEnrollmentAndNoTokenAndTheEnrollmentGivesTheTokenOnce() throws Exception {
        JsonNode config = ignition("worker");
        String join = unit(config, "docker-swarm-join.service");
        assertThat(join).contains("After=network-online.target docker.service", "Wants=network-online.target docker.service",
                "Type=oneshot", "RemainAfterExit=yes", "WantedBy=multi-user.target",
                "--data-urlencode credential=52-54-00-12-34-56.", " http://boot.example:8080/enroll)",
                "for manager in $$managers; do docker swarm join --token \"$$token\" \"$$manager\"")
                .doesNotContain(WORKER_TOKEN, "SWMTKN");
        BootService service = service();
        // a copied credential is worth nothing from another address, and trying does not spend it
        assertThat(service.enroll(credential(join), "10.0.2.99")).isEqualTo(
                new EnrollOutcome.Refused("the credential's boot attempt is bound to another address"));
        assertThat(service.enroll(credential(join), SOURCE))
                .isEqualTo(new EnrollOutcome.Granted(WORKER_TOKEN, List.of("10.0.0.1:2377", "[fd00::1]:2377")));
        assertThat(service.enroll(credential(join), SOURCE)).isInstanceOfSatisfying(EnrollOutcome.Refused.class,
                r -> assertThat(r.reason()).startsWith("the credential was already used at"));
        assertThat(service.enroll(credential(join).replace("52-54-00-12-34-56", "52-54-00-12-34-57"), SOURCE))
                .isEqualTo(new EnrollOutcome.Refused("not an enrollment credential of this server"));
        assertThat(service.enroll("garbage", SOURCE)).isEqualTo(new EnrollOutcome.Refused("not an enrollment credential of this server"));
        assertThat(new EnrollOutcome.Granted(WORKER_TOKEN, List.of()).toString()).doesNotContain(WORKER_TOKEN);
        String leave = unit(config, "docker-swarm-leave.service");
        assertThat(leave).contains("After=docker.service", "RemainAfterExit=yes", "ExecStop=/bin/sh -c 'docker swarm leave'")
                .doesNotContain("Requires=", "demote", "--force");
        // the template saw the role and managers, never the token
        assertThat(config.at("/storage/files/1/contents/source").asText())
                .isEqualTo("data:,worker%20via%2010.0.0.1%3A2377%2C%5Bfd00%3A%3A1%5D%3A2377");
    }

    @Test
    void withATlsListenerTheUnitEnrollsOverHttpsPinningTheServersKeyAtTheAddressItBootedFrom() throws Exception {
        tls = Optional.of(new EnrollmentTls(8443, PIN));
        String join = unit(ignition("worker"), "docker-swarm-join.service");
        assertThat(join).contains("curl -sS -f --max-time 30 --pinnedpubkey " + PIN + " --insecure --data-urlencode credential=",
                " https://boot.example:8443/enroll)").doesNotContain("http://boot.example:8080/enroll");
        assertThatThrownBy(() -> new SwarmUnits(TEMPLATES, Optional.of(new EnrollmentTls(8443, "sha256//x'; reboot"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** systemd's own parser (Debian package systemd) reads both units of both roles without a complaint. */
    @Test
    void systemdAcceptsTheUnits() throws Exception {
        for (String role : List.of("worker", "manager", "worker-over-tls")) {
            tls = role.endsWith("tls") ? Optional.of(new EnrollmentTls(8443, PIN)) : Optional.empty();
            JsonNode config = ignition(role.replace("-over-tls", ""));
            Path dir = Files.createDirectories(data.resolve("units-" + role));
            List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
            for (String name : List.of("docker-swarm-join.service", "docker-swarm-leave.service")) {
                Files.writeString(dir.resolve(name), unit(config, name));
                command.add(dir.resolve(name).toString());
            }
            Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(verify.exitValue()).as(output).isZero();
            assertThat(output).as(role).doesNotContain("docker-swarm");
        }
    }

    @Test
    void aManagerEnrollsForTheWorkerTokenAndDemotesItselfBeforeLeaving() throws Exception {
        JsonNode config = ignition("manager");
        String join = unit(config, "docker-swarm-join.service");
        assertThat(join).doesNotContain(WORKER_TOKEN).contains("promoted to manager once the server has verified");
        // the manager token never leaves the swarm: the machine joins as a worker and is promoted once verified
        assertThat(service().enroll(credential(join), SOURCE)).isInstanceOfSatisfying(EnrollOutcome.Granted.class,
                g -> assertThat(g.token()).isEqualTo(WORKER_TOKEN));
        assertThat(unit(config, "docker-swarm-leave.service"))
                .contains("docker node demote \"$$node\"; docker swarm leave'").doesNotContain("--force");
    }

    @Test
    void withoutASwarmTheConfigIsRefusedWithTheReasonAndTheMachineIsToldOnItsConsole() {
        swarm = SwarmSource.NONE;
        machines.put(new Machine(MAC, "blade-7", "worker", Map.of(), Map.of()));
        ConfigOutcome outcome = ignitionOutcome();
        assertThat(outcome).isInstanceOfSatisfying(ConfigOutcome.Broken.class, broken -> assertThat(broken.summary())
                .startsWith("profiles/worker.yaml").contains("swarm role worker: no swarm is configured"));
        assertThat(service().answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE,
                new IpxeScripts(TEMPLATES, Duration.ofSeconds(7))))
                .contains("cannot boot: profiles/worker.yaml").contains("no swarm is configured");
    }

    @Test
    void aSwarmWithoutAWorkerTokenIsRefusedWithTheReason() {
        swarm = new StaticSwarm(new SwarmCredentials(Optional.empty(), List.of("10.0.0.1:2377"), "test"));
        machines.put(new Machine(MAC, "blade-7", "manager", Map.of(), Map.of()));
        ConfigOutcome outcome = ignitionOutcome();
        assertThat(outcome).isInstanceOfSatisfying(ConfigOutcome.Broken.class, broken -> assertThat(broken.summary())
                .contains("the swarm has no worker join token"));
    }

    @Test
    void aConfigThatWritesItsOwnJoinUnitIsRefusedAtThatLine() throws Exception {
        Files.writeString(data.resolve("configs/node.yaml"), "systemd:\n  units:\n    - name: docker-swarm-join.service\n      enabled: true\n");
        machines.put(new Machine(MAC, "blade-7", "worker", Map.of(), Map.of()));
        ConfigOutcome outcome = ignitionOutcome();
        assertThat(outcome).isInstanceOfSatisfying(ConfigOutcome.Broken.class, broken -> assertThat(broken.summary())
                .startsWith("configs/node.yaml:3:13:").contains("docker-swarm-join.service is added by the provisioner"));
    }

    @Test
    void aRotatedTokenIsWhatTheVeryNextEnrollmentGives() throws Exception {
        String join = unit(ignition("worker"), "docker-swarm-join.service");
        String rotated = "SWMTKN-1-" + "a".repeat(50) + "-" + "r".repeat(25);
        swarm = new StaticSwarm(new SwarmCredentials(Optional.of(rotated), List.of("10.0.0.1:2377"), "test"));
        assertThat(service().enroll(credential(join), SOURCE)).isInstanceOfSatisfying(EnrollOutcome.Granted.class,
                g -> assertThat(g.token()).isEqualTo(rotated));
    }

    @Test
    void anEnrollmentWhileTheSwarmCannotBeReadDoesNotSpendTheCredential() throws Exception {
        String join = unit(ignition("worker"), "docker-swarm-join.service");
        SwarmSource working = swarm;
        swarm = SwarmSource.NONE;
        assertThat(service().enroll(credential(join), SOURCE)).isInstanceOf(EnrollOutcome.Unavailable.class);
        swarm = working;
        assertThat(service().enroll(credential(join), SOURCE)).isInstanceOf(EnrollOutcome.Granted.class);
    }

    @Test
    void credentialsNeverPrintTheirTokensAndRefuseMalformedOnesWithoutQuotingThem() {
        SwarmCredentials credentials = new SwarmCredentials(Optional.of(WORKER_TOKEN), List.of("10.0.0.1:2377"), "test");
        assertThat(credentials.toString()).doesNotContain(WORKER_TOKEN).contains("10.0.0.1:2377");
        assertThat(credentials.fingerprint()).hasValueSatisfying(f -> assertThat(f).matches("sha256:[0-9a-f]{16}"));
        String quoted = "SWMTKN-1-x'; rm -rf / #";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SwarmCredentials(Optional.of(quoted),
                List.of("10.0.0.1:2377"), "PROVISIONER_SWARM_*"))
                .hasMessageContaining("PROVISIONER_SWARM_* worker token is not a swarm join token").hasMessageNotContaining("rm -rf");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SwarmCredentials(Optional.of(WORKER_TOKEN),
                List.of("10.0.0.1:2377;reboot"), "PROVISIONER_SWARM_*")).hasMessageContaining("is not host:port");
    }

    @Test
    void aSwarmConfigNeedsTheSignedUrlOfTheMachinesAttemptFromItsAddress() {
        machines.put(new Machine(MAC, "blade-7", "worker", Map.of(), Map.of()));
        RecentTimeline timeline = new RecentTimeline(10, 10);
        BootService service = new BootService(machines, profiles, new IgnitionConfigRenderer(data, swarm,
                new SwarmUnits(TEMPLATES, Optional.empty())), attempts, swarm, timeline, Optional.empty(), Clock.systemUTC());
        assertThat(service.ignition(MachineIdentity.of(MAC, SOURCE), Optional.empty(), Transport.HTTP, BASE))
                .isInstanceOfSatisfying(ConfigOutcome.Forbidden.class, f -> assertThat(f.reason()).contains("signed URL"));
        Proof proof = attempts.proof(((Opening.Opened) attempts.open(MAC, SOURCE, true, false)).attempt());
        assertThat(service.ignition(MachineIdentity.of(MAC, "10.0.2.99"), Optional.of(proof), Transport.HTTP, BASE))
                .isEqualTo(new ConfigOutcome.Forbidden("the boot attempt is bound to another address"));
        assertThat(service.oemArchive(MachineIdentity.of(MAC, SOURCE), OemFormat.Layout.FLATCAR, Optional.of(proof),
                Transport.TFTP, BASE)).isInstanceOf(ConfigOutcome.Ready.class);
        assertThat(timeline.of(MAC)).extracting(BootEvent::outcome)
                .containsExactly(Outcome.FORBIDDEN, Outcome.FORBIDDEN, Outcome.SERVED);
    }

    @Test
    void aSecondBootFromAnotherAddressIsAConflictThatGetsNoSignedUrl() {
        machines.put(new Machine(MAC, "blade-7", "worker", Map.of(), Map.of()));
        RecentTimeline timeline = new RecentTimeline(10, 10);
        BootService service = new BootService(machines, profiles, new IgnitionConfigRenderer(data, swarm,
                new SwarmUnits(TEMPLATES, Optional.empty())), attempts, swarm, timeline, Optional.empty(), Clock.systemUTC());
        IpxeScripts ipxe = new IpxeScripts(TEMPLATES, Duration.ofSeconds(7));
        assertThat(service.answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe)).contains("?attempt=");
        String impostor = service.answer(MachineIdentity.of(MAC, "10.0.2.99"), Transport.HTTP, BASE, ipxe);
        assertThat(impostor).contains("machine 52:54:00:12:34:56 is booting from another address",
                "DELETE /api/v1/machines/52-54-00-12-34-56/attempt").doesNotContain("attempt=", "kernel --name", "10.0.2.15");
        assertThat(timeline.of(MAC)).extracting(BootEvent::outcome).containsExactly(Outcome.SERVED, Outcome.CONFLICT);
        assertThat(timeline.of(MAC).get(1).detail()).contains("booted from 10.0.2.15", "now asks from 10.0.2.99");
        // the machine at its first address is held too: only an operator can tell which of the two is real
        assertThat(service.answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe)).doesNotContain("attempt=");
        attempts.clear(MAC);
        assertThat(service.answer(MachineIdentity.of(MAC, "10.0.2.99"), Transport.HTTP, BASE, ipxe)).contains("?attempt=");
    }

    @Test
    void aMachineWhoseVerifiedNodeIsUpGetsNoNewAttemptUntilAnOperatorClearsIt() {
        machines.put(new Machine(MAC, "blade-7", "worker", Map.of(), Map.of()));
        boolean[] running = {true};
        Attempts guarded = new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]), Duration.ofMinutes(30),
                mac -> running[0] && mac.equals(MAC), Clock.systemUTC());
        RecentTimeline timeline = new RecentTimeline(10, 10);
        BootService service = new BootService(machines, profiles, new IgnitionConfigRenderer(data, swarm,
                new SwarmUnits(TEMPLATES, Optional.empty())), guarded, swarm, timeline, Optional.empty(), Clock.systemUTC());
        IpxeScripts ipxe = new IpxeScripts(TEMPLATES, Duration.ofSeconds(7));
        assertThat(service.answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe))
                .contains("is running in the swarm, and a running machine does not network-boot").doesNotContain("attempt=");
        assertThat(timeline.of(MAC)).extracting(BootEvent::outcome).containsExactly(Outcome.CONFLICT);
        assertThat(timeline.of(MAC).get(0).detail()).contains("while its verified swarm node is Ready");
        // the node going down is not enough: the conflict holds until an operator has looked
        running[0] = false;
        assertThat(service.answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe)).doesNotContain("attempt=");
        guarded.clear(MAC);
        assertThat(service.answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe)).contains("?attempt=");
    }

    @Test
    void aProfileThatEnrollsOnlyWhenArmedBootsOnceAfterAnOperatorArmsTheMachine() {
        profiles.add(new Profile("armed", new BootSpec("flatcar/vmlinuz", List.of(), List.of()), Optional.of("node.yaml"),
                Profile.DEFAULT_SPEC, OemFormat.FLATCAR, Optional.of(SwarmRole.WORKER), EnrollMode.ARMED));
        machines.put(new Machine(MAC, "disk-1", "armed", Map.of(), Map.of()));
        IpxeScripts ipxe = new IpxeScripts(TEMPLATES, Duration.ofSeconds(7));
        assertThat(service().answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe))
                .contains("enrolls only when armed", "POST /api/v1/machines/52-54-00-12-34-56/arm").doesNotContain("attempt=");
        attempts.arm(MAC);
        String script = service().answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe);
        String attempt = "?attempt=" + attempts.current(MAC).orElseThrow().id();
        assertThat(script).contains(attempt);
        assertThat(service().answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe))
                .as("the same boot retrying its script, before it enrolled").contains(attempt);
        assertThat(service().enroll(attempts.credential(attempts.current(MAC).orElseThrow()), SOURCE))
                .isInstanceOf(EnrollOutcome.Granted.class);
        assertThat(service().answer(MachineIdentity.of(MAC, SOURCE), Transport.HTTP, BASE, ipxe))
                .as("armed for one boot").contains("enrolls only when armed");
    }
}
