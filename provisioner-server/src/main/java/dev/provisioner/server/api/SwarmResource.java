package dev.provisioner.server.api;

import com.codahale.metrics.annotation.Timed;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.trust.NodeVerdict;
import dev.provisioner.server.core.trust.NodeVerifier;
import dev.provisioner.server.core.trust.SwarmMember;
import dev.provisioner.server.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where machines' swarm tokens and managers come from and what they are now: manager addresses and token
 * fingerprints (to see that a rotation arrived), never the tokens themselves.
 */
@Path("/api/v1/swarm")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READ_NAME)
public class SwarmResource {

    /** Only the worker token: the manager token is never handed out, so it has no business here either. */
    public record Tokens(Optional<String> worker) {
    }

    /** One node as the verifier judged it last: {@code standing} is verified, founder, trusted or quarantined. */
    public record NodeDocument(String id, String hostname, String address, String role, String state, boolean drained,
                               String standing, Optional<String> machine, String reason) {

        static NodeDocument of(NodeVerdict verdict) {
            SwarmMember node = verdict.node();
            return new NodeDocument(node.id(), node.hostname(), node.address(), node.manager() ? "manager" : "worker",
                    Labels.of(node.state()), node.drained(), Labels.of(verdict.standing()),
                    verdict.machine().map(MacAddress::hyphenated), verdict.reason());
        }
    }

    /** {@code source} is docker, configuration or none; {@code error} is why the Engine API last failed, if it did. */
    public record SwarmDocument(String source, Optional<String> endpoint, List<String> managers, Tokens tokenFingerprints,
                                Optional<Instant> fetchedAt, Optional<String> error, List<NodeDocument> nodes) {
    }

    private final SwarmSource swarm;
    private final NodeVerifier verifier;

    public SwarmResource(SwarmSource swarm, NodeVerifier verifier) {
        this.swarm = swarm;
        this.verifier = verifier;
    }

    @GET
    @Timed
    public SwarmDocument get() {
        SwarmSource.Status status = swarm.status();
        return new SwarmDocument(status.source(), status.endpoint(), status.managers(),
                new Tokens(status.workerToken()), status.fetchedAt(), status.error(),
                verifier.verdicts().stream().map(NodeDocument::of).toList());
    }
}
