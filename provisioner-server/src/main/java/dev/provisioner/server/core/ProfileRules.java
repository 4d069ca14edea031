package dev.provisioner.server.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a profile follows before anything of it reaches a boot loader, whichever store it came from: paths of a
 * conservative alphabet (they end up inside URLs and scripts, which are then safe without escaping), initrds that
 * boot loaders can tell apart by file name, and one kernel argument per item.
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
            if (arg.isEmpty() || arg.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                violations.add(new Violation("boot.args", "kernel argument '" + arg
                        + "' is empty or contains white space; give one argument per list item"));
            }
        }
        profile.config().ifPresent(config -> checkPath("config", config, violations));
        return violations;
    }

    private static void checkPath(String field, String path, List<Violation> violations) {
        boolean dotSegment = List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."));
        if (!ASSET_PATH.matcher(path).matches() || dotSegment) {
            violations.add(new Violation(field, "'" + path + "' must be a relative path of letters, digits and . _ + ~ - "
                    + "without '.' or '..' segments"));
        }
    }
}
