package dev.provisioner.server.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.SwarmNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which nodes the reconciler removes, judged from node lists as the Engine API returns them (parsed from its JSON by
 * docker-java's own model). The removal against a real swarm is in SwarmLabIT.
 */
class DownNodeReconcilerTest {

    private static SwarmNode node(String id, String hostname, String state, String created) throws Exception {
        return new ObjectMapper().readValue("""
                {"ID": "%s", "CreatedAt": "%s", "Description": {"Hostname": "%s"}, "Status": {"State": "%s"}}
                """.formatted(id, created, hostname, state), SwarmNode.class);
    }

    /** As if every node were verified: the verifier's part is its own test. */
    private static List<String> replaced(List<SwarmNode> nodes, Set<String> registered) {
        Set<String> all = nodes.stream().map(SwarmNode::getId).collect(java.util.stream.Collectors.toSet());
        return DownNodeReconciler.replaced(nodes, registered, all).stream().map(SwarmNode::getId).toList();
    }

    @Test
    void aDownNodeGoesOnceANewerNodeOfTheSameRegisteredMachineIsReady() throws Exception {
        SwarmNode old = node("old", "blade-1", "down", "2026-11-01T10:00:00Z");
        SwarmNode fresh = node("new", "blade-1", "ready", "2026-11-02T10:00:00Z");
        assertThat(replaced(List.of(old, fresh), Set.of("blade-1"))).containsExactly("old");
    }

    @Test
    void aDownNodeStaysWhileItsMachineHasNotComeBack() throws Exception {
        SwarmNode old = node("old", "blade-1", "down", "2026-11-01T10:00:00Z");
        SwarmNode booting = node("new", "blade-1", "unknown", "2026-11-02T10:00:00Z");
        assertThat(replaced(List.of(old), Set.of("blade-1"))).isEmpty();
        assertThat(replaced(List.of(old, booting), Set.of("blade-1"))).isEmpty();
    }

    @Test
    void onlyRegisteredMachinesAndOnlyOlderNodesAreTouched() throws Exception {
        SwarmNode stranger = node("stranger", "laptop", "down", "2026-11-01T10:00:00Z");
        SwarmNode strangerAgain = node("stranger2", "laptop", "ready", "2026-11-02T10:00:00Z");
        SwarmNode newerButDown = node("down-new", "blade-2", "down", "2026-11-03T10:00:00Z");
        SwarmNode olderReady = node("ready-old", "blade-2", "ready", "2026-11-01T10:00:00Z");
        assertThat(replaced(List.of(stranger, strangerAgain, newerButDown, olderReady), Set.of("blade-2"))).isEmpty();
    }

    @Test
    void anUnverifiedNodeTakingTheNameReplacesNothing() throws Exception {
        SwarmNode old = node("old", "blade-1", "down", "2026-11-01T10:00:00Z");
        SwarmNode impostor = node("impostor", "blade-1", "ready", "2026-11-02T10:00:00Z");
        assertThat(DownNodeReconciler.replaced(List.of(old, impostor), Set.of("blade-1"), Set.of())).isEmpty();
    }
}
