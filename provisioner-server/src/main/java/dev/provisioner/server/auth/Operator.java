package dev.provisioner.server.auth;

import java.security.Principal;

/** Whoever presented an operator token: the token's name (for the audit log) and its role. */
public record Operator(String name, Role role) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
