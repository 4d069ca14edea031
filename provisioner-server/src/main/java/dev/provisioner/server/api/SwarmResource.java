package dev.provisioner.server.api;

import com.codahale.metrics.annotation.Timed;
import dev.provisioner.server.core.SwarmSource;
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

    /** {@code source} is docker, configuration or none; {@code error} is why the Engine API last failed, if it did. */
    public record SwarmDocument(String source, Optional<String> endpoint, List<String> managers, Tokens tokenFingerprints,
                                Optional<Instant> fetchedAt, Optional<String> error) {
    }

    private final SwarmSource swarm;

    public SwarmResource(SwarmSource swarm) {
        this.swarm = swarm;
    }

    @GET
    @Timed
    public SwarmDocument get() {
        SwarmSource.Status status = swarm.status();
        return new SwarmDocument(status.source(), status.endpoint(), status.managers(),
                new Tokens(status.workerToken()), status.fetchedAt(), status.error());
    }
}
