package dev.provisioner.server.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.trust.NodeVerdict;
import dev.provisioner.server.core.trust.NodeVerdict.Action;
import dev.provisioner.server.core.trust.NodeVerifier;
import dev.provisioner.server.core.trust.SwarmMember;
import dev.provisioner.server.core.trust.TokenRotation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link NodeVerifier}'s verdicts on the Engine API, and rotates the worker token when the
 * {@link TokenRotation} says so. What the verifier concluded is written on the nodes as labels, which only a holder
 * of manager access can change: {@value #MACHINE} (the machine a node was verified for), {@value #QUARANTINED}
 * (when it was drained), {@value #PROMOTED} (when it was made a manager) and {@value #TRUSTED} (an operator's word that a node is theirs).
 */
final class NodeGuard {

    static final String MACHINE = "dev.provisioner.machine";
    static final String QUARANTINED = "dev.provisioner.quarantined";
    static final String PROMOTED = "dev.provisioner.promoted";
    static final String TRUSTED = "dev.provisioner.trusted";

    private static final Logger LOG = LoggerFactory.getLogger(NodeGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerClient docker;
    private final DockerHttpClient http;
    private final NodeVerifier verifier;
    private final TokenRotation rotation;
    private final Clock clock;

    NodeGuard(DockerClient docker, DockerHttpClient http, NodeVerifier verifier, TokenRotation rotation, Clock clock) {
        this.docker = docker;
        this.http = http;
        this.verifier = verifier;
        this.rotation = rotation;
        this.clock = clock;
    }

    /** What one pass came to: the IDs of the verified nodes, and whether the worker token was rotated. */
    record Pass(Set<String> verified, boolean rotated) {
    }

    /** Judges the nodes just read and carries out each verdict; one node that fails does not hold up the others. */
    Pass guard(List<SwarmNode> nodes) {
        Map<String, SwarmNode> byId = new HashMap<>();
        nodes.forEach(node -> byId.put(node.getId(), node));
        List<NodeVerdict> verdicts = verifier.judge(nodes.stream().map(NodeGuard::member).toList());
        for (NodeVerdict verdict : verdicts) {
            if (verdict.actions().isEmpty()) {
                continue;
            }
            try {
                carryOut(byId.get(verdict.node().id()), verdict);
                verifier.carriedOut(verdict);
                if (verdict.actions().contains(Action.QUARANTINE)) {
                    // a node joined with a worker token that no enrollment accounts for: that token leaked
                    rotation.leaked();
                }
            } catch (RuntimeException e) {
                LOG.warn("could not carry out {} on swarm node {}: {}", verdict.actions(), verdict.node().id(),
                        DockerSwarm.reason(e));
            }
        }
        Set<String> verified = verdicts.stream().filter(v -> v.standing() == NodeVerdict.Standing.VERIFIED)
                .map(v -> v.node().id()).collect(Collectors.toSet());
        if (!rotation.due()) {
            return new Pass(verified, false);
        }
        try {
            rotateWorkerToken();
            rotation.rotated();
            LOG.info("rotated the worker join token: enrollments settled {} ago", rotation.settle());
            return new Pass(verified, true);
        } catch (RuntimeException e) {
            LOG.warn("could not rotate the worker join token: {}", DockerSwarm.reason(e));
            return new Pass(verified, false);
        }
    }

    static SwarmMember member(SwarmNode node) {
        Map<String, String> labels = Optional.ofNullable(node.getSpec()).map(SwarmNodeSpec::getLabels).orElse(Map.of());
        SwarmNodeState state = node.getStatus() == null ? null : node.getStatus().getState();
        return new SwarmMember(node.getId(),
                node.getDescription() == null ? null : node.getDescription().getHostname(),
                node.getStatus() == null ? null : node.getStatus().getAddress(),
                node.getSpec() != null && node.getSpec().getRole() == SwarmNodeRole.MANAGER,
                state == SwarmNodeState.READY ? SwarmMember.State.READY
                        : state == SwarmNodeState.DOWN ? SwarmMember.State.DOWN : SwarmMember.State.OTHER,
                node.getSpec() != null && node.getSpec().getAvailability() == SwarmNodeAvailability.DRAIN,
                node.getCreatedAt() == null ? null : node.getCreatedAt().toInstant(),
                Optional.ofNullable(labels.get(MACHINE)).flatMap(MacAddress::parse),
                Optional.ofNullable(labels.get(QUARANTINED)).flatMap(NodeGuard::instant),
                labels.containsKey(PROMOTED), labels.containsKey(TRUSTED));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            // a mark someone wrote by hand and garbled: the node counts as drained from the epoch, so it goes at once
            return Optional.of(Instant.EPOCH);
        }
    }

    /** All changes to a node's spec in one update (each needs the node's current version); removal on its own. */
    private void carryOut(SwarmNode node, NodeVerdict verdict) {
        if (verdict.actions().contains(Action.REMOVE)) {
            docker.removeSwarmNodeCmd(node.getId()).withForce(true).exec();
            return;
        }
        SwarmNodeSpec spec = node.getSpec();
        Map<String, String> labels = new HashMap<>(Optional.ofNullable(spec.getLabels()).orElse(Map.of()));
        for (Action action : verdict.actions()) {
            switch (action) {
                case MARK_VERIFIED -> labels.put(MACHINE, verdict.machine().orElseThrow().hyphenated());
                case RELEASE -> {
                    labels.remove(QUARANTINED);
                    spec = spec.withAvailability(SwarmNodeAvailability.ACTIVE);
                }
                case PROMOTE -> {
                    labels.put(PROMOTED, clock.instant().toString());
                    spec = spec.withRole(SwarmNodeRole.MANAGER);
                }
                case QUARANTINE -> {
                    labels.put(QUARANTINED, clock.instant().toString());
                    spec = spec.withAvailability(SwarmNodeAvailability.DRAIN);
                }
                case REMOVE -> throw new IllegalStateException("handled above");
            }
        }
        docker.updateSwarmNodeCmd().withSwarmNodeId(node.getId()).withVersion(node.getVersion().getIndex())
                .withSwarmNodeSpec(spec.withLabels(labels)).exec();
    }

    /**
     * The swarm's spec is sent back as the Engine API gave it, untouched: docker-java's model of it lacks fields
     * (autolock among them) that a round trip through it would reset. Neither body is ever logged: both carry tokens.
     */
    private void rotateWorkerToken() {
        JsonNode swarm = call(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/swarm").build());
        long version = swarm.path("Version").path("Index").asLong(-1);
        JsonNode spec = swarm.get("Spec");
        if (version < 0 || spec == null) {
            throw new IllegalStateException("the Engine API's /swarm has no Version.Index or Spec");
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        call(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/swarm/update?version=" + version + "&rotateWorkerToken=true")
                .putHeader("Content-Type", "application/json").bodyBytes(body).build());
    }

    private JsonNode call(DockerHttpClient.Request request) {
        try (DockerHttpClient.Response response = http.execute(request); InputStream in = response.getBody()) {
            byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
            if (response.getStatusCode() / 100 != 2) {
                JsonNode error = bytes.length == 0 ? null : JSON.readTree(bytes);
                throw new IllegalStateException(request.method() + " " + request.path().replaceAll("\\?.*", "")
                        + ": status " + response.getStatusCode()
                        + (error == null ? "" : ": " + error.path("message").asText()));
            }
            return bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
