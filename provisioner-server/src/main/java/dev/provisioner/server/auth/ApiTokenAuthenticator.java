package dev.provisioner.server.auth;

import io.dropwizard.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks the bearer token in constant time: both sides are hashed first, so neither the content nor the
 * length of the configured token leaks through timing. Without a configured token nobody gets in.
 */
public final class ApiTokenAuthenticator implements Authenticator<String, Operator> {

    private static final Operator OPERATOR = new Operator("operator");

    private final Optional<byte[]> expected;

    public ApiTokenAuthenticator(Optional<String> token) {
        this.expected = token.map(ApiTokenAuthenticator::digest);
    }

    @Override
    public Optional<Operator> authenticate(String presented) {
        if (expected.isEmpty() || presented == null) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(expected.get(), digest(presented)) ? Optional.of(OPERATOR) : Optional.empty();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
