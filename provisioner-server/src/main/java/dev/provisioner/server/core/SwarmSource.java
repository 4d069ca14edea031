package dev.provisioner.server.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The Docker Swarm machines join: where its tokens and managers come from. */
public interface SwarmSource {

    /** The tokens and managers last read; returns at once, never waiting on the network. */
    SwarmCredentials credentials() throws SwarmUnavailableException;

    /** What an operator may see: no token, only its fingerprint. Returns at once. */
    Status status();

    record Status(String source, Optional<String> endpoint, List<String> managers, Optional<String> workerToken,
                  Optional<Instant> fetchedAt, Optional<String> error) {
    }

    /** No swarm configured: a profile with a swarm role cannot be served. */
    SwarmSource NONE = new SwarmSource() {
        @Override
        public SwarmCredentials credentials() throws SwarmUnavailableException {
            throw new SwarmUnavailableException("no swarm is configured: set PROVISIONER_SWARM_DOCKER_HOST, or "
                    + "PROVISIONER_SWARM_MANAGERS with PROVISIONER_SWARM_WORKER_TOKEN");
        }

        @Override
        public Status status() {
            return new Status("none", Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    };
}
