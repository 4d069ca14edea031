package dev.provisioner.server.core;

import dev.provisioner.ignition.Transpiler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a profile follows before anything of it reaches a boot loader, whichever store it came from: paths of a
 * conservative alphabet (they end up inside URLs and scripts, which are then safe without escaping), initrds that
 * boot loaders can tell apart by file name, one kernel argument per item, and an Ignition spec the server writes.
 */
public final class ProfileRules {

    private static final Pattern ASSET_PATH = Pattern.compile("[A-Za-z0-9._+~-]+(/[A-Za-z0-9._+~-]+)*");

    private ProfileRules() {
    }

    /** Every rule the profile breaks, each naming its field ({@code boot.kernel}, {@code boot.initrds}, ...). */
    public static List<Violation> violations(Profile profile) {
        List<Violation> violations = new ArrayList<>();
        BootSpec boot = profile.boot();
        checkPath("boot.kernel", boot.kernel(), violations);
        Set<String> names = new HashSet<>();
        for (String initrd : boot.initrds()) {
            checkPath("boot.initrds", initrd, violations);
            if (!names.add(initrd.substring(initrd.lastIndexOf('/') + 1))) {
                violations.add(new Violation("boot.initrds", "two initrds share the file name of '" + initrd
                        + "'; boot loaders name initrds by file name"));
            }
        }
        for (String arg : boot.args()) {
            if (!isPlainWord(arg)) {
                violations.add(new Violation("boot.args", "kernel argument '" + arg + "' is empty or contains white space, "
                        + "a control character, ${, || or &&; give one argument per list item"));
            }
        }
        profile.config().ifPresent(config -> checkPath("config", config, violations));
        if (!Transpiler.SPECS.contains(profile.ignitionSpec())) {
            violations.add(new Violation("ignition", "Ignition spec " + profile.ignitionSpec() + " is not one this server "
                    + "writes (" + String.join(", ", Transpiler.SPECS.stream().sorted().toList()) + ")"));
        }
        return violations;
    }

    /**
     * A value that every boot loader reads as one word, never as more words or another command: not empty, no white
     * space or control characters, no iPXE settings expansion ({@code ${}}) or command operators ({@code ||}, {@code &&}).
     */
    public static boolean isPlainWord(String value) {
        return !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
                && !value.contains("${") && !value.contains("||") && !value.contains("&&");
    }

    private static void checkPath(String field, String path, List<Violation> violations) {
        boolean dotSegment = List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."));
        if (!ASSET_PATH.matcher(path).matches() || dotSegment) {
            violations.add(new Violation(field, "'" + path + "' must be a relative path of letters, digits and . _ + ~ - "
                    + "without '.' or '..' segments"));
        }
    }
}
