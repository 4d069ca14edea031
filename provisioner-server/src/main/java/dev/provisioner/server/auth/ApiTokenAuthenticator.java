package dev.provisioner.server.auth;

import io.dropwizard.auth.Authenticator;
import dev.provisioner.server.core.Sha256;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks the bearer token in constant time: both sides are hashed first, so neither the content nor the
 * length of the configured token leaks through timing. Without a configured token nobody gets in.
 */
public final class ApiTokenAuthenticator implements Authenticator<String, Operator> {

    private static final Operator OPERATOR = new Operator("operator");

    private final Optional<byte[]> expected;

    public ApiTokenAuthenticator(Optional<String> token) {
        this.expected = token.map(Sha256::of);
    }

    @Override
    public Optional<Operator> authenticate(String presented) {
        if (expected.isEmpty() || presented == null) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(expected.get(), Sha256.of(presented)) ? Optional.of(OPERATOR) : Optional.empty();
    }

}
