package dev.provisioner.server.core;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A 48-bit MAC address, held in the lower-case colon form ({@code 52:54:00:12:34:56}).
 * Files and URLs use the hyphen form ({@link #hyphenated()}).
 */
public record MacAddress(String value) implements Comparable<MacAddress> {

    // compiled once: every DHCP, TFTP and HTTP request of a machine reads a MAC
    private static final Pattern NORMALISED = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern SPELLINGS = Pattern.compile(
            "(?i)[0-9a-f]{12}|([0-9a-f]{2}:){5}[0-9a-f]{2}|([0-9a-f]{2}-){5}[0-9a-f]{2}|([0-9a-f]{4}\\.){2}[0-9a-f]{4}");
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    public MacAddress {
        if (value == null || !NORMALISED.matcher(value).matches()) {
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
        if (!SPELLINGS.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        String hex = trimmed.toLowerCase(Locale.ROOT);
        StringBuilder colon = new StringBuilder(17);
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.digit(c, 16) >= 0) {
                if (colon.length() % 3 == 2) {
                    colon.append(':');
                }
                colon.append(c);
            }
        }
        return Optional.of(new MacAddress(colon.toString()));
    }

    /** The six octets of an Ethernet hardware address, as a DHCP message's {@code chaddr} holds them. */
    public static MacAddress of(byte[] octets) {
        if (octets.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 octets, not " + octets.length);
        }
        return new MacAddress(COLONS.formatHex(octets));
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
