package dev.provisioner.server.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.provisioner.server.Settings;
import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.trust.NodeVerifier;
import dev.provisioner.server.core.trust.TokenRotation;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code swarm:} section of {@code config.yml}: either a manager's Engine API ({@code dockerHost}, read live)
 * or fixed tokens and manager addresses. Every complaint names the setting and never quotes a token.
 */
public class SwarmConfiguration {

    private String dockerHost;
    private Path dockerCertPath;
    private String workerToken;
    private String managerToken;
    private List<String> managers = List.of();
    @NotNull
    private Duration refresh = Duration.seconds(5);
    /** How long one call to the Engine API may take before the manager counts as not answering. */
    @NotNull
    private Duration readTimeout = Duration.seconds(10);
    /** How long a swarm node no enrollment matches stays drained before it is removed. */
    @NotNull
    private Duration quarantineGrace = Duration.minutes(10);
    /** How long after the last enrollment the worker token is rotated. */
    @NotNull
    private Duration rotateAfter = Duration.minutes(5);

    @JsonProperty
    public void setDockerHost(String dockerHost) {
        this.dockerHost = Settings.blankToNull(dockerHost);
    }

    @JsonProperty
    public void setDockerCertPath(String dockerCertPath) {
        this.dockerCertPath = Settings.blankToNull(dockerCertPath) == null ? null : Path.of(dockerCertPath.strip());
    }

    @JsonProperty
    public void setWorkerToken(String workerToken) {
        this.workerToken = Settings.blankToNull(workerToken);
    }

    @JsonProperty
    public void setManagerToken(String managerToken) {
        this.managerToken = Settings.blankToNull(managerToken);
    }

    /** A comma- or space-separated list, as one environment variable gives it. */
    @JsonProperty
    public void setManagers(String managers) {
        this.managers = managers == null ? List.of()
                : Arrays.stream(managers.split("[,\\s]+")).filter(m -> !m.isEmpty()).toList();
    }

    @JsonProperty
    public void setRefresh(Duration refresh) {
        this.refresh = refresh;
    }

    @JsonProperty
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    @JsonProperty
    public void setQuarantineGrace(Duration quarantineGrace) {
        this.quarantineGrace = quarantineGrace;
    }

    public java.time.Duration getQuarantineGrace() {
        return quarantineGrace.toJavaDuration();
    }

    @JsonProperty
    public void setRotateAfter(Duration rotateAfter) {
        this.rotateAfter = rotateAfter;
    }

    public java.time.Duration getRotateAfter() {
        return rotateAfter.toJavaDuration();
    }

    /**
     * @param registeredHostnames the hostnames of the registered machines, whose replaced nodes are removed
     * @param verifier           judges the nodes the Engine API lists (with fixed tokens there is nothing to read)
     * @param rotation           when to rotate the worker token through the Engine API
     * @throws IllegalArgumentException for a setting that cannot work, naming it
     */
    public SwarmSource build(LifecycleEnvironment lifecycle, Supplier<Set<String>> registeredHostnames,
                             NodeVerifier verifier, TokenRotation rotation) {
        if (managerToken != null) {
            throw new IllegalArgumentException("PROVISIONER_SWARM_MANAGER_TOKEN is no longer used and must not be "
                    + "set: every machine joins as a worker and manager-role machines are promoted through the Engine "
                    + "API (PROVISIONER_SWARM_DOCKER_HOST) once verified, so the manager token never leaves the swarm");
        }
        boolean fixed = workerToken != null || !managers.isEmpty();
        if (dockerHost != null) {
            if (fixed) {
                throw new IllegalArgumentException("PROVISIONER_SWARM_DOCKER_HOST reads tokens and managers from the "
                        + "Engine API; unset PROVISIONER_SWARM_WORKER_TOKEN and _MANAGERS, or the docker host");
            }
            DockerSwarm docker = docker(lifecycle, registeredHostnames, verifier, rotation);
            lifecycle.manage(docker);
            return docker;
        }
        if (!fixed) {
            return SwarmSource.NONE;
        }
        if (managers.isEmpty()) {
            throw new IllegalArgumentException("PROVISIONER_SWARM_MANAGERS is empty: machines need at least one "
                    + "manager address (host:port) to join with the configured tokens");
        }
        return new StaticSwarm(new SwarmCredentials(Optional.ofNullable(workerToken), managers, "PROVISIONER_SWARM_*"));
    }

    private DockerSwarm docker(LifecycleEnvironment lifecycle, Supplier<Set<String>> registeredHostnames,
                               NodeVerifier verifier, TokenRotation rotation) {
        URI host = URI.create(dockerHost);
        if (!"unix".equals(host.getScheme()) && !"tcp".equals(host.getScheme())) {
            throw new IllegalArgumentException("PROVISIONER_SWARM_DOCKER_HOST is unix:///path/docker.sock or "
                    + "tcp://host:port, not '" + dockerHost + "'");
        }
        if (dockerCertPath != null && !Files.isReadable(dockerCertPath.resolve("ca.pem"))) {
            throw new IllegalArgumentException("PROVISIONER_SWARM_DOCKER_CERT_PATH " + dockerCertPath
                    + " has no readable ca.pem (it needs ca.pem, cert.pem and key.pem)");
        }
        if ("tcp".equals(host.getScheme()) && dockerCertPath == null) {
            throw new IllegalArgumentException("PROVISIONER_SWARM_DOCKER_HOST " + dockerHost + " is TCP: set "
                    + "PROVISIONER_SWARM_DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem), since the Engine API hands out join tokens");
        }
        // built field by field: docker-java's default builder would also read DOCKER_* variables and ~/.docker
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(dockerHost)
                .withDockerTlsVerify(dockerCertPath != null)
                .withDockerCertPath(dockerCertPath == null ? null : dockerCertPath.toString())
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(4)
                .connectionTimeout(java.time.Duration.ofSeconds(2))
                .responseTimeout(readTimeout.toJavaDuration())
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        return new DockerSwarm(client, dockerHost, refresh.toJavaDuration(), readTimeout.toJavaDuration(), Clock.systemUTC(),
                lifecycle.scheduledExecutorService("swarm-refresh").threads(1).build(),
                lifecycle.executorService("swarm-read-%d").minThreads(1).maxThreads(1).build(),
                new DownNodeReconciler(client, registeredHostnames),
                new NodeGuard(client, http, verifier, rotation, Clock.systemUTC()));
    }
}
