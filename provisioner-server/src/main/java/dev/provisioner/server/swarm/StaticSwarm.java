package dev.provisioner.server.swarm;

import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.SwarmSource;
import java.util.Optional;

/**
 * Tokens and managers written in the configuration. Dead nodes cannot be cleaned up from here (no Engine API);
 * rotating a token means restarting with the new one.
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
                credentials.fingerprint(SwarmRole.WORKER), credentials.fingerprint(SwarmRole.MANAGER), Optional.empty(),
                Optional.empty());
    }
}
