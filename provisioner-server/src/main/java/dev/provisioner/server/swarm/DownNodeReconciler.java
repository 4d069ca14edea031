package dev.provisioner.server.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.SwarmNodeState;
import dev.provisioner.server.core.Printable;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the nodes that a registered machine left behind in an earlier life: a {@code Down} node is removed once a
 * newer node with the same hostname, a registered machine's, is {@code Ready} and verified (an unverified one may be
 * an impostor that took the name to have a real node removed). Judged from the swarm's own node list
 * in the background, never from a request, which anyone could send to make nodes disappear. A node whose replacement
 * has not come up stays: the machine may still be on its way back.
 */
final class DownNodeReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(DownNodeReconciler.class);

    private final DockerClient docker;
    private final Supplier<Set<String>> registeredHostnames;

    DownNodeReconciler(DockerClient docker, Supplier<Set<String>> registeredHostnames) {
        this.docker = docker;
        this.registeredHostnames = registeredHostnames;
    }

    /**
     * The nodes to remove out of {@code nodes}; a pure function of the list, so it is tested without a swarm.
     *
     * @param verified the IDs of the nodes the verifier found verified
     */
    static List<SwarmNode> replaced(List<SwarmNode> nodes, Set<String> registered, Set<String> verified) {
        return nodes.stream()
                .filter(node -> state(node) == SwarmNodeState.DOWN)
                .filter(node -> hostname(node).filter(registered::contains).isPresent())
                .filter(down -> nodes.stream().anyMatch(other -> other != down && state(other) == SwarmNodeState.READY
                        && verified.contains(other.getId()) && hostname(other).equals(hostname(down)) && newer(other, down)))
                .toList();
    }

    void reconcile(List<SwarmNode> nodes, Set<String> verified) {
        for (SwarmNode node : replaced(nodes, registeredHostnames.get(), verified)) {
            try {
                remove(node);
                LOG.info("removed swarm node {} ({}): down, and replaced by a newer, verified node of the same machine",
                        node.getId(), hostname(node).map(Printable::clean).orElse("?"));
            } catch (RuntimeException e) {
                LOG.warn("could not remove the down swarm node {}: {}", node.getId(), DockerSwarm.reason(e));
            }
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

    private static SwarmNodeState state(SwarmNode node) {
        return node.getStatus() == null ? null : node.getStatus().getState();
    }

    private static Optional<String> hostname(SwarmNode node) {
        return Optional.ofNullable(node.getDescription()).map(d -> d.getHostname());
    }

    private static boolean newer(SwarmNode a, SwarmNode b) {
        Date created = a.getCreatedAt();
        return created != null && (b.getCreatedAt() == null || created.after(b.getCreatedAt()));
    }
}
