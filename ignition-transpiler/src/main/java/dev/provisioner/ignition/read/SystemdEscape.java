package dev.provisioner.ignition.read;

import java.nio.charset.StandardCharsets;

/** {@code systemd-escape --path}: how a path becomes part of a unit name. */
final class SystemdEscape {

    private SystemdEscape() {
    }

    static String path(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "").replaceAll("/+", "/");
        if (trimmed.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        byte[] bytes = trimmed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ':' || c == '_' || (c == '.' && i > 0);
            if (c == '/') {
                out.append('-');
            } else if (plain) {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }
}
