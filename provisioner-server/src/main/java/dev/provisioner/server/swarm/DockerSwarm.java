package dev.provisioner.server.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Reachability;
import com.github.dockerjava.api.model.SwarmJoinTokens;
import com.github.dockerjava.api.model.SwarmNode;
import dev.provisioner.server.core.SwarmCredentials;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens and managers read from a manager's Docker Engine API in the background, every {@code refresh}, so that
 * {@code docker swarm join-token --rotate} reaches the next machine without a restart and no request ever waits on
 * Docker: {@link #credentials()} and {@link #status()} only read what the last refresh left. When the API does not
 * answer, the last tokens read are served (joins retry anyway) and the failure shows in {@link #status()}. Each
 * successful read is followed by the {@link NodeGuard} and the {@link DownNodeReconciler}. Nothing read here is ever logged: docker-java's objects print
 * tokens.
 */
final class DockerSwarm implements SwarmSource, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSwarm.class);

    /** What the last refresh left; replaced whole, so a reader never sees half of one. */
    private record Snapshot(SwarmCredentials credentials, Instant fetchedAt, String error) {
    }

    private final DockerClient docker;
    private final String endpoint;
    private final Duration refresh;
    private final Clock clock;
    private final Duration deadline;
    private final ScheduledExecutorService executor;
    private final ExecutorService reader;
    private final DownNodeReconciler reconciler;
    private final NodeGuard guard;
    private volatile Snapshot last = new Snapshot(null, null, null);
    /** The read under way, if any; only the scheduler's thread touches these two. */
    private Future<?> reading = CompletableFuture.completedFuture(null);
    private Instant readingSince;

    /**
     * @param deadline how long one read may take: an Engine API that accepts and never answers holds a read on a
     *                 Unix socket for good (the HTTP client's timeout does not reach it), so the wait is bounded here
     * @param executor schedules the refreshes; {@code reader} runs the reads, so a hung one holds only its own thread
     */
    DockerSwarm(DockerClient docker, String endpoint, Duration refresh, Duration deadline, Clock clock,
                ScheduledExecutorService executor, ExecutorService reader, DownNodeReconciler reconciler, NodeGuard guard) {
        this.docker = docker;
        this.endpoint = endpoint;
        this.refresh = refresh;
        this.deadline = deadline;
        this.clock = clock;
        this.executor = executor;
        this.reader = reader;
        this.reconciler = reconciler;
        this.guard = guard;
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One read of the Engine API, then the reconciler and the guard, waited for at most {@code deadline}; while a read hangs, no
     * other starts. Runs on the scheduler's thread only. Nothing may escape: an exception would end the schedule,
     * and with it every later refresh.
     */
    void refresh() {
        try {
            if (reading.isDone()) {
                readingSince = clock.instant();
                reading = reader.submit(this::read);
            }
            reading.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            failed("no answer for " + Duration.between(readingSince, clock.instant()).toSeconds() + " s");
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("the swarm refresh failed: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps serving what was read last; says so once per outage, not once per refresh. */
    private void failed(String reason) {
        Snapshot before = last;
        if (before.error() == null) {
            LOG.warn("the swarm manager at {} did not answer: {}{}", endpoint, reason,
                    before.credentials() == null ? "" : "; serving the tokens read at " + before.fetchedAt());
        }
        last = new Snapshot(before.credentials(), before.fetchedAt(), reason);
    }

    private void read() {
        Snapshot before = last;
        List<SwarmNode> nodes;
        try {
            SwarmJoinTokens tokens = docker.inspectSwarmCmd().exec().getJoinTokens();
            if (tokens == null) {
                throw new IllegalStateException("the daemon is not a swarm manager");
            }
            nodes = docker.listSwarmNodesCmd().exec();
            last = new Snapshot(credentials(tokens, nodes), clock.instant(), null);
            if (before.error() != null) {
                LOG.info("the swarm manager at {} answers again", endpoint);
            }
        } catch (RuntimeException e) {
            failed(reason(e));
            return;
        }
        // judged first: only a verified node counts as the replacement of a down one
        NodeGuard.Pass pass = guard.guard(nodes);
        reconciler.reconcile(nodes, pass.verified());
        if (pass.rotated()) {
            republishTokens(nodes);
        }
    }

    /**
     * The tokens read again right after a rotation, so that enrollments stop getting the dead one now rather than at
     * the next refresh.
     */
    private void republishTokens(List<SwarmNode> nodes) {
        try {
            SwarmJoinTokens tokens = docker.inspectSwarmCmd().exec().getJoinTokens();
            if (tokens != null) {
                last = new Snapshot(credentials(tokens, nodes), clock.instant(), null);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read the rotated worker token; the next refresh will: {}", reason(e));
        }
    }

    private static SwarmCredentials credentials(SwarmJoinTokens tokens, List<SwarmNode> nodes) {
        List<String> managers = nodes.stream()
                .filter(n -> n.getManagerStatus() != null && n.getManagerStatus().getReachability() == Reachability.REACHABLE)
                .sorted(Comparator.comparing((SwarmNode n) -> !n.getManagerStatus().isLeader()))
                .map(n -> n.getManagerStatus().getAddr())
                .toList();
        try {
            // the manager token is read with the rest but goes no further: it is never handed out
            return new SwarmCredentials(Optional.ofNullable(tokens.getWorker()), managers, "the Engine API's");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public SwarmCredentials credentials() throws SwarmUnavailableException {
        Snapshot snapshot = last;
        if (snapshot.credentials() == null) {
            throw new SwarmUnavailableException("the swarm manager's Engine API at " + endpoint + " has not answered "
                    + (snapshot.error() == null ? "yet" : "(" + snapshot.error() + ")"));
        }
        return snapshot.credentials();
    }

    @Override
    public Status status() {
        Snapshot snapshot = last;
        Optional<SwarmCredentials> known = Optional.ofNullable(snapshot.credentials());
        return new Status("docker", Optional.of(endpoint), known.map(SwarmCredentials::managers).orElse(List.of()),
                known.flatMap(SwarmCredentials::fingerprint),
                Optional.ofNullable(snapshot.fetchedAt()), Optional.ofNullable(snapshot.error()));
    }

    /** docker-java's messages carry the HTTP status and the daemon's error, never a request or response body. */
    static String reason(RuntimeException e) {
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
