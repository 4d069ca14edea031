package dev.provisioner.server.core;

/**
 * What a machine or a swarm node says about itself, made fit for a log line and the API: control characters
 * (a newline that would forge a log line) become {@code ?}, and the length is bounded.
 */
public final class Printable {

    public static final int MAX_FIELD = 128;

    private Printable() {
    }

    /** Null for nothing or blanks. */
    public static String clean(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        int length = Math.min(value.length(), MAX_FIELD);
        StringBuilder clean = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString().trim();
    }
}
