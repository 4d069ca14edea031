package dev.provisioner.server;

/** What the configuration's values have in common. */
public final class Settings {

    private Settings() {
    }

    /** {@code ${NAME:-}} gives an empty string for an unset variable: blank means "not set". */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
