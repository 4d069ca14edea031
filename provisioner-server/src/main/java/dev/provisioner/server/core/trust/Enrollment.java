package dev.provisioner.server.core.trust;

import java.net.URI;

/**
 * What a machine's join unit carries instead of a join token: a one-time credential of its boot attempt and the URL
 * to trade it for the token at, once.
 */
public record Enrollment(String credential, URI url) {

    /** The path of the enrollment endpoint under the server's base URL. */
    public static final String PATH = "enroll";

    /** For checking that a config renders, when no attempt is open: the shape of a real one, worth nothing. */
    public static Enrollment placeholder(URI base) {
        return new Enrollment("00-00-00-00-00-00.placeholder.placeholder", base.resolve(PATH));
    }
}
