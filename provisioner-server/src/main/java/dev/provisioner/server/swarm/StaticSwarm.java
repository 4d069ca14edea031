package dev.provisioner.server.swarm;

import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmSource;
import java.util.Optional;

/**
 * The worker token and managers written in the configuration. Without the Engine API nothing can be verified,
 * promoted or cleaned up from here: manager-role machines stay workers, and rotating the token means restarting
 * with the new one.
 */
public final class StaticSwarm implements SwarmSource {

    private final SwarmCredentials credentials;

    public StaticSwarm(SwarmCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public SwarmCredentials credentials() {
        return credentials;
    }

    @Override
    public Status status() {
        return new Status("configuration", Optional.empty(), credentials.managers(),
                credentials.fingerprint(), Optional.empty(), Optional.empty());
    }
}
