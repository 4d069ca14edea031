package dev.provisioner.server.render;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Enrollment over the server's TLS listener: the same host the machine reached the server at, the listener's port,
 * and the public key the join unit pins.
 */
public record EnrollmentTls(int port, String pin) {

    public URI url(URI plain) {
        try {
            return new URI("https", null, plain.getHost(), port, plain.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the enrollment URL " + plain + " has no host to reach over TLS", e);
        }
    }
}
