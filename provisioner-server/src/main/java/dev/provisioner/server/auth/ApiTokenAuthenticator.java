package dev.provisioner.server.auth;

import io.dropwizard.auth.Authenticator;
import java.util.Optional;

/** Bearer tokens of the operator API, checked against {@link OperatorTokens}. Without any token nobody gets in. */
public final class ApiTokenAuthenticator implements Authenticator<String, Operator> {

    private final OperatorTokens tokens;

    public ApiTokenAuthenticator(OperatorTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Operator> authenticate(String presented) {
        return tokens.authenticate(presented);
    }
}
