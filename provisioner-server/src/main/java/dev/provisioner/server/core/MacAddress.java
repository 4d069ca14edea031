package dev.provisioner.server.core;

import java.util.Locale;
import java.util.Optional;

/**
 * A 48-bit MAC address, held in the lower-case colon form ({@code 52:54:00:12:34:56}).
 * Files and URLs use the hyphen form ({@link #hyphenated()}).
 */
public record MacAddress(String value) implements Comparable<MacAddress> {

    public MacAddress {
        if (value == null || !value.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw new IllegalArgumentException("not a normalised MAC address: " + value);
        }
    }

    /**
     * Accepts the common spellings: {@code 52:54:00:12:34:56}, {@code 52-54-00-12-34-56},
     * {@code 5254.0012.3456}, {@code 525400123456}, in any case.
     */
    public static Optional<MacAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        String hex;
        if (trimmed.matches("(?i)[0-9a-f]{12}")) {
            hex = trimmed;
        } else if (trimmed.matches("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}")
                || trimmed.matches("(?i)([0-9a-f]{2}-){5}[0-9a-f]{2}")
                || trimmed.matches("(?i)([0-9a-f]{4}\\.){2}[0-9a-f]{4}")) {
            hex = trimmed.replaceAll("[:.-]", "");
        } else {
            return Optional.empty();
        }
        hex = hex.toLowerCase(Locale.ROOT);
        StringBuilder colon = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                colon.append(':');
            }
            colon.append(hex, i, i + 2);
        }
        return Optional.of(new MacAddress(colon.toString()));
    }

    public String hyphenated() {
        return value.replace(':', '-');
    }

    @Override
    public int compareTo(MacAddress other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
