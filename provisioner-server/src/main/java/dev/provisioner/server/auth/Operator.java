package dev.provisioner.server.auth;

import java.security.Principal;

/** Whoever holds the API token. There is one role today; the type leaves room for more. */
public record Operator(String name) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
