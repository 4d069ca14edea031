package dev.provisioner.server.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.SwarmUnavailableException;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.trust.NodeVerifier;
import dev.provisioner.server.core.trust.TokenRotation;
import dev.provisioner.server.store.FileProfileCatalog;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.store.MemoryMachineStore;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each combination of PROVISIONER_SWARM_* settings gives, and the one-line errors of those that cannot work. */
class SwarmConfigurationTest {

    private static final String TOKEN = "SWMTKN-1-" + "a".repeat(50) + "-" + "b".repeat(25);

    private final LifecycleEnvironment lifecycle = new LifecycleEnvironment(new com.codahale.metrics.MetricRegistry());
    private final NodeVerifier verifier = new NodeVerifier(new MemoryMachineStore(), new FileProfileCatalog(Path.of("/nonexistent")),
            new MemoryAttemptStore(), new RecentTimeline(10, 10), Duration.ofMinutes(10), Clock.systemUTC());
    private final TokenRotation rotation = new TokenRotation(Optional::empty, Duration.ofMinutes(5), Clock.systemUTC());

    private static SwarmConfiguration config(String dockerHost, String workerToken, String managers) {
        SwarmConfiguration config = new SwarmConfiguration();
        config.setDockerHost(dockerHost);
        config.setWorkerToken(workerToken);
        config.setManagers(managers);
        return config;
    }

    @Test
    void nothingSetMeansNoSwarm() {
        assertThat(config("", "", "").build(lifecycle, Set::of, verifier, rotation)).isSameAs(SwarmSource.NONE);
    }

    @Test
    void fixedTokensAndManagersFromACommaList() throws Exception {
        SwarmSource swarm = config(null, TOKEN, " 10.0.0.1:2377,10.0.0.2:2377 ").build(lifecycle, Set::of, verifier, rotation);
        assertThat(swarm.credentials().managers()).containsExactly("10.0.0.1:2377", "10.0.0.2:2377");
        assertThat(swarm.credentials().workerToken()).contains(TOKEN);
        assertThat(swarm.status().source()).isEqualTo("configuration");
        assertThat(swarm.status().toString()).doesNotContain(TOKEN);
    }

    @Test
    void settingsThatCannotWorkAreRefusedByName(@TempDir Path empty) {
        assertThatThrownBy(() -> config("unix:///run/docker.sock", TOKEN, "10.0.0.1:2377").build(lifecycle, Set::of, verifier, rotation))
                .hasMessageContaining("unset PROVISIONER_SWARM_WORKER_TOKEN");
        SwarmConfiguration withManagerToken = config(null, TOKEN, "10.0.0.1:2377");
        withManagerToken.setManagerToken(TOKEN);
        assertThatThrownBy(() -> withManagerToken.build(lifecycle, Set::of, verifier, rotation))
                .hasMessageContaining("PROVISIONER_SWARM_MANAGER_TOKEN is no longer used").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> config(null, TOKEN, "").build(lifecycle, Set::of, verifier, rotation))
                .hasMessageContaining("PROVISIONER_SWARM_MANAGERS is empty");
        assertThatThrownBy(() -> config(null, "SWMTKN-1-hunter2'", "10.0.0.1:2377").build(lifecycle, Set::of, verifier, rotation))
                .hasMessageContaining("worker token is not a swarm join token").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> config(null, TOKEN, "10.0.0.1").build(lifecycle, Set::of, verifier, rotation))
                .hasMessageContaining("manager address '10.0.0.1' is not host:port");
        assertThatThrownBy(() -> config("http://manager:2375", null, null).build(lifecycle, Set::of, verifier, rotation))
                .hasMessageContaining("is unix:///path/docker.sock or tcp://host:port");
        assertThatThrownBy(() -> config("tcp://manager:2376", null, null).build(lifecycle, Set::of, verifier, rotation))
                .hasMessageContaining("set PROVISIONER_SWARM_DOCKER_CERT_PATH");
        SwarmConfiguration noCa = config("tcp://manager:2376", null, null);
        noCa.setDockerCertPath(empty.toString());
        assertThatThrownBy(() -> noCa.build(lifecycle, Set::of, verifier, rotation)).hasMessageContaining("has no readable ca.pem");
    }

    @Test
    void anEngineApiThatDoesNotAnswerIsAReasonNotAStackTrace(@TempDir Path dir) throws Exception {
        String host = "unix://" + dir.resolve("no-such-docker.sock");
        SwarmSource swarm = config(host, null, null).build(lifecycle, Set::of, verifier, rotation);
        assertThatThrownBy(swarm::credentials).isInstanceOf(SwarmUnavailableException.class)
                .hasMessage("the swarm manager's Engine API at " + host + " has not answered yet");
        ((DockerSwarm) swarm).refresh();
        assertThatThrownBy(swarm::credentials).isInstanceOf(SwarmUnavailableException.class)
                .hasMessageStartingWith("the swarm manager's Engine API at " + host + " has not answered (");
        SwarmSource.Status status = swarm.status();
        assertThat(status.source()).isEqualTo("docker");
        assertThat(status.endpoint()).contains(host);
        assertThat(status.error()).isPresent();
        assertThat(status.managers()).isEqualTo(List.of());
        assertThat(status.fetchedAt()).isEmpty();
    }
}
