package dev.provisioner.server.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules a machine document must follow before it is stored. Limits are bounded so that one
 * machine cannot bloat every listing, template and boot script.
 */
public final class MachineRules {

    public static final int MAX_LABELS = 64;
    public static final int MAX_LABEL_KEY = 63;
    public static final int MAX_LABEL_VALUE = 253;
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final int MAX_METADATA_DEPTH = 8;

    private static final Pattern HOST_LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?");

    private final Predicate<String> profileExists;

    public MachineRules(Predicate<String> profileExists) {
        this.profileExists = profileExists;
    }

    /**
     * Throws {@link InvalidMachineException} listing every rule the machine breaks, its profile's existence included:
     * for writes, which must not register a machine on a profile that is not there.
     */
    public void check(Machine machine) {
        List<Violation> violations = new ArrayList<>(documentViolations(machine));
        if (machine.profile() != null && !machine.profile().isBlank() && !profileExists.test(machine.profile())) {
            violations.add(new Violation("profile", "no profile '" + machine.profile() + "' in the data directory"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidMachineException(violations);
        }
    }

    /**
     * The rules a machine document follows on its own, wherever it comes from (the API, a file edited by hand,
     * another store): the profile it names may come into existence later, so that is not among them.
     */
    public static List<Violation> documentViolations(Machine machine) {
        List<Violation> violations = new ArrayList<>();
        checkHostname(machine.hostname(), violations);
        if (machine.profile() == null || machine.profile().isBlank()) {
            violations.add(new Violation("profile", "is required"));
        }
        checkLabels(machine.labels(), violations);
        checkMetadata(machine.metadata(), violations);
        if (machine.state() != null && MachineState.parse(machine.state()).isEmpty()) {
            violations.add(new Violation("state", "'" + machine.state() + "' is not a machine state ("
                    + MachineState.labels() + ")"));
        }
        if (machine.ipv4() != null && !isHostAddress(machine.ipv4())) {
            violations.add(new Violation("ipv4", "'" + machine.ipv4() + "' is not an IPv4 address a machine can have "
                    + "(four decimal numbers of 0-255, not 0.0.0.0 or 255.255.255.255)"));
        }
        return violations;
    }

    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** A dotted-quad IPv4 literal other than the unspecified and the limited broadcast address. */
    public static boolean isHostAddress(String text) {
        return IPV4.matcher(text).matches() && !text.equals("0.0.0.0") && !text.equals("255.255.255.255");
    }

    /** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
    public static boolean isHostname(String name) {
        if (name.isEmpty() || name.length() > 253 || name.endsWith(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static void checkHostname(String hostname, List<Violation> violations) {
        if (hostname != null && !isHostname(hostname)) {
            violations.add(new Violation("hostname",
                    "must be an RFC 1123 host name: labels of letters, digits and inner hyphens, 1-63 characters each, 253 in all"));
        }
    }

    private static void checkLabels(Map<String, String> labels, List<Violation> violations) {
        if (labels.size() > MAX_LABELS) {
            violations.add(new Violation("labels", "at most " + MAX_LABELS + " labels"));
        }
        labels.forEach((key, value) -> {
            if (key.length() > MAX_LABEL_KEY || !LABEL_KEY.matcher(key).matches()) {
                violations.add(new Violation("labels." + key,
                        "label keys are 1-" + MAX_LABEL_KEY + " letters, digits, '.', '_', '/' or '-', starting and ending alphanumeric"));
            }
            if (value == null) {
                violations.add(new Violation("labels." + key, "label values must be strings"));
            } else if (value.length() > MAX_LABEL_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                violations.add(new Violation("labels." + key,
                        "label values are at most " + MAX_LABEL_VALUE + " characters without control characters"));
            }
        });
    }

    private static void checkMetadata(Map<String, Object> metadata, List<Violation> violations) {
        long size;
        try {
            size = sizeOf(metadata, 1);
        } catch (TooDeep e) {
            violations.add(new Violation("metadata", "nested more than " + MAX_METADATA_DEPTH + " levels"));
            return;
        }
        if (size > MAX_METADATA_BYTES) {
            violations.add(new Violation("metadata", "at most " + MAX_METADATA_BYTES + " bytes (about " + size + " given)"));
        }
    }

    /** An estimate of the value's JSON size, enough to enforce a bound without a serializer in the core. */
    private static long sizeOf(Object value, int depth) {
        if (depth > MAX_METADATA_DEPTH) {
            throw new TooDeep();
        }
        if (value instanceof Map<?, ?> map) {
            long size = 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += String.valueOf(entry.getKey()).length() + 4 + sizeOf(entry.getValue(), depth + 1);
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 2;
            for (Object item : list) {
                size += 1 + sizeOf(item, depth + 1);
            }
            return size;
        }
        return value instanceof String s ? s.length() + 2L : String.valueOf(value).length();
    }

    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }
}
