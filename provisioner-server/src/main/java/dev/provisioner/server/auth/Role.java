package dev.provisioner.server.auth;

import java.util.Locale;
import java.util.Optional;

/** What an operator token may do: {@code read} sees everything and changes nothing; {@code admin} also writes. */
public enum Role {
    READ,
    ADMIN;

    /** The names resources name in {@code @RolesAllowed}. */
    public static final String READ_NAME = "read";
    public static final String ADMIN_NAME = "admin";

    /** An admin may do whatever a reader may. */
    public boolean grants(String required) {
        return this == ADMIN || READ_NAME.equals(required);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String label) {
        return switch (label) {
            case READ_NAME -> Optional.of(READ);
            case ADMIN_NAME -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }
}
