package dev.provisioner.server.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Reachability;
import com.github.dockerjava.api.model.SwarmJoinTokens;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.SwarmNodeState;
import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.SwarmUnavailableException;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens and managers read live from a manager's Docker Engine API, kept for a few seconds so a rack booting at
 * once costs one call, and re-read after that so {@code docker swarm join-token --rotate} reaches the next
 * machine without a restart. When the API does not answer, the last tokens read are served (joins retry anyway)
 * and the failure shows in {@link #status()}. Nothing read here is ever logged: docker-java's objects print tokens.
 */
final class DockerSwarm implements SwarmSource, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSwarm.class);

    private final DockerClient docker;
    private final String endpoint;
    private final Duration refresh;
    private final Clock clock;
    /** One thread, so that cleanups never race each other; its lifecycle is the application's. */
    private final ExecutorService cleanup;
    /** Hostnames with a cleanup queued: a machine that fetches its config twice in a row is tidied once. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    private SwarmCredentials current;
    private Instant fetchedAt;
    private Instant triedAt;
    private String error;

    DockerSwarm(DockerClient docker, String endpoint, Duration refresh, Clock clock, ExecutorService cleanup) {
        this.docker = docker;
        this.cleanup = cleanup;
        this.endpoint = endpoint;
        this.refresh = refresh;
        this.clock = clock;
    }

    @Override
    public synchronized SwarmCredentials credentials() throws SwarmUnavailableException {
        Instant now = clock.instant();
        if (triedAt == null || !now.isBefore(triedAt.plus(refresh))) {
            triedAt = now;
            try {
                current = read();
                fetchedAt = now;
                if (error != null) {
                    LOG.info("the swarm manager at {} answers again", endpoint);
                }
                error = null;
            } catch (RuntimeException e) {
                if (error == null) {
                    LOG.warn("the swarm manager at {} did not answer: {}{}", endpoint, reason(e),
                            current == null ? "" : "; serving the tokens read at " + fetchedAt);
                }
                error = reason(e);
            }
        }
        if (current == null) {
            throw new SwarmUnavailableException("the swarm manager's Engine API at " + endpoint + " did not answer: " + error);
        }
        return current;
    }

    private SwarmCredentials read() {
        SwarmJoinTokens tokens = docker.inspectSwarmCmd().exec().getJoinTokens();
        if (tokens == null) {
            throw new IllegalStateException("the daemon is not a swarm manager");
        }
        List<String> managers = docker.listSwarmNodesCmd().withRoleFilter(List.of("manager")).exec().stream()
                .filter(n -> n.getManagerStatus() != null && n.getManagerStatus().getReachability() == Reachability.REACHABLE)
                .sorted(Comparator.comparing((SwarmNode n) -> !n.getManagerStatus().isLeader()))
                .map(n -> n.getManagerStatus().getAddr())
                .toList();
        try {
            return new SwarmCredentials(Optional.ofNullable(tokens.getWorker()), Optional.ofNullable(tokens.getManager()),
                    managers, "the Engine API's");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void machineBooting(String hostname) {
        if (queued.add(hostname)) {
            cleanup.execute(() -> {
                queued.remove(hostname);
                removeDownNodes(hostname);
            });
        }
    }

    private void removeDownNodes(String hostname) {
        try {
            for (SwarmNode node : docker.listSwarmNodesCmd().exec()) {
                boolean sameHost = node.getDescription() != null && hostname.equals(node.getDescription().getHostname());
                boolean down = node.getStatus() != null && node.getStatus().getState() == SwarmNodeState.DOWN;
                if (sameHost && down) {
                    remove(node);
                    LOG.info("removed swarm node {} ({}), left down by an earlier boot of the machine", node.getId(), hostname);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove the down swarm nodes of {} at {}: {}", hostname, endpoint, reason(e));
        }
    }

    /** A manager is demoted first: the Engine refuses to remove one, and a dead manager still counts in the quorum. */
    private void remove(SwarmNode node) {
        SwarmNodeSpec spec = node.getSpec();
        if (spec != null && spec.getRole() == SwarmNodeRole.MANAGER) {
            docker.updateSwarmNodeCmd().withSwarmNodeId(node.getId()).withVersion(node.getVersion().getIndex())
                    .withSwarmNodeSpec(spec.withRole(SwarmNodeRole.WORKER)).exec();
        }
        docker.removeSwarmNodeCmd(node.getId()).withForce(false).exec();
    }

    @Override
    public synchronized Status status() {
        Optional<SwarmCredentials> known = Optional.ofNullable(current);
        try {
            known = Optional.of(credentials());
        } catch (SwarmUnavailableException e) {
            // shown through the error field
        }
        return new Status("docker", Optional.of(endpoint), known.map(SwarmCredentials::managers).orElse(List.of()),
                known.flatMap(c -> c.fingerprint(SwarmRole.WORKER)), known.flatMap(c -> c.fingerprint(SwarmRole.MANAGER)),
                Optional.ofNullable(fetchedAt), Optional.ofNullable(error));
    }

    /** docker-java's messages carry the HTTP status and the daemon's error, never a request or response body. */
    private static String reason(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()).strip();
    }

    @Override
    public void stop() throws IOException {
        docker.close();
    }
}
