package dev.provisioner.server.dhcp;

/** A datagram that is not a DHCP message this server will read; the message says why, for a metric and a log line. */
public final class MalformedDhcpException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedDhcpException(String reason) {
        super(reason);
    }
}
