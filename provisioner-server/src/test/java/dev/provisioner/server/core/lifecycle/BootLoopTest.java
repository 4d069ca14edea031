package dev.provisioner.server.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.FixedProfiles;
import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.MachineState;
import dev.provisioner.server.core.MovingClock;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.audit.RecentAuditLog;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.render.IpxeScripts;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot-loop guard on the real path: a machine that reboots into a config that never renders is failed after N
 * boots; one that waits for a swarm that is not there is not.
 */
class BootLoopTest {

    private static final MacAddress MAC = MacAddress.parse("52:54:00:00:00:81").orElseThrow();
    private static final TemplateEngine TEMPLATES = TemplateEngine.withBuiltIns(Optional.empty());

    @TempDir
    Path data;

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final MemoryMachineStore machines = new MemoryMachineStore();
    private final FixedProfiles profiles = new FixedProfiles()
            .add(new Profile("bad-config", new BootSpec("k", List.of(), List.of()), Optional.of("bad.yaml")))
            .broken("bad-profile", new Problem("profiles/bad-profile.yaml", 2, 3, "unknown key 'boot.kernal'"))
            .add(new Profile("swarm", new BootSpec("k", List.of(), List.of()), Optional.of("good.yaml"),
                    Profile.DEFAULT_SPEC, OemFormat.FLATCAR, Optional.of(SwarmRole.WORKER)));
    private final RecentTimeline timeline = new RecentTimeline(100, 10);
    private final BootGoals goals = new BootGoals(timeline, profiles, new BootLoopGuard(3, Duration.ofMinutes(30), Duration.ofSeconds(10)));
    private final Attempts attempts = new Attempts(new MemoryAttemptStore(), new AttemptSigner(new byte[32]),
            Duration.ofMinutes(30), RunningNodes.NONE, clock);
    private BootService boot;

    private MachineState reboots(int times) {
        for (int i = 0; i < times; i++) {
            clock.advance(Duration.ofSeconds(90));
            attempts.clear(MAC);
            boot.answer(MachineIdentity.of(MAC, "10.0.0.81"), Transport.HTTP, URI.create("http://boot.example/"),
                    new IpxeScripts(TEMPLATES, Duration.ofSeconds(10)));
        }
        return machines.get(MAC).orElseThrow().lifecycle();
    }

    private void setUp(String profile) throws Exception {
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/bad.yaml"), "storage:\n  files:\n    - path: relative/path\n");
        Files.writeString(data.resolve("configs/good.yaml"), "passwd: {}\n");
        boot = new BootService(machines, profiles, new IgnitionConfigRenderer(data, SwarmSource.NONE,
                new SwarmUnits(TEMPLATES, Optional.empty())), attempts, SwarmSource.NONE, goals, Optional.empty(), clock);
        goals.changeStatesThrough(new Inventory(machines, profiles, attempts, new RecentAuditLog(10), goals, clock));
        machines.put(new Machine(MAC, "blade-81", profile, Map.of(), Map.of()));
    }

    @Test
    void aMachineRebootingIntoAConfigThatNeverRendersIsFailedAfterTheLimit() throws Exception {
        setUp("bad-config");
        assertThat(reboots(3)).isEqualTo(MachineState.PROVISION);
        assertThat(timeline.of(MAC)).extracting(BootEvent::outcome).containsOnly(Outcome.BROKEN);
        assertThat(reboots(1)).isEqualTo(MachineState.FAILED);
        assertThat(timeline.of(MAC).get(timeline.of(MAC).size() - 1).detail())
                .contains("provision to failed by provisioner: the boot-loop guard: 3 boots within 30m");
    }

    @Test
    void aMachineRebootingIntoAProfileThatDoesNotLoadIsFailedToo() throws Exception {
        setUp("bad-profile");
        assertThat(reboots(3)).isEqualTo(MachineState.PROVISION);
        assertThat(reboots(1)).isEqualTo(MachineState.FAILED);
        assertThat(timeline.of(MAC).get(timeline.of(MAC).size() - 1).detail()).contains("(its profile loaded)");
    }

    @Test
    void retriesOfARefusedScriptTwoRetryDelaysApartAreOneBoot() {
        BootLoopGuard guard = new BootLoopGuard(1, Duration.ofMinutes(30), Duration.ofSeconds(100));
        for (int retry = 0; retry < 10; retry++) {
            assertThat(guard.started(MAC, clock.advance(Duration.ofSeconds(150)))).as("retry %d", retry).isFalse();
        }
        assertThat(guard.started(MAC, clock.advance(Duration.ofSeconds(201)))).as("a second boot, one too many").isTrue();
    }

    @Test
    void aMachineWaitingForTheSwarmIsRefusedNotBrokenAndNeverFailed() throws Exception {
        setUp("swarm");
        assertThat(reboots(10)).isEqualTo(MachineState.PROVISION);
        assertThat(timeline.of(MAC)).extracting(BootEvent::outcome).containsOnly(Outcome.REFUSED);
    }
}
