package dev.provisioner.server.core;

/** The swarm's join tokens or managers cannot be had now; the message is safe to show (it holds no token). */
public final class SwarmUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SwarmUnavailableException(String message) {
        super(message);
    }
}
