package dev.provisioner.server.auth;

import dev.provisioner.server.core.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator tokens the server accepts, kept only as SHA-256 hashes: {@code PROVISIONER_API_TOKEN} (one admin
 * token, named {@code api-token}) and the lines of {@code PROVISIONER_API_TOKENS_FILE}, each
 * {@code <name> <read|admin> sha256:<64 hex digits>} ({@code hash-token} prints such a line). A presented token is
 * hashed and compared with every entry in constant time, so neither content nor length leaks through timing.
 */
public final class OperatorTokens {

    private static final String API_TOKEN_NAME = "api-token";
    private static final Pattern LINE = Pattern.compile("(\\S+)\\s+(\\S+)\\s+sha256:([0-9a-f]{64})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private record Entry(Operator operator, byte[] hash) {
    }

    private final List<Entry> entries;

    private OperatorTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @throws IllegalArgumentException naming the file, line and reason (never quoting a hash or token) */
    public static OperatorTokens of(Optional<String> apiToken, Optional<Path> file) {
        List<Entry> entries = new ArrayList<>();
        apiToken.ifPresent(token -> entries.add(new Entry(new Operator(API_TOKEN_NAME, Role.ADMIN), Sha256.of(token))));
        if (file.isPresent()) {
            entries.addAll(read(file.get()));
        }
        return new OperatorTokens(entries);
    }

    /** The line {@code hash-token} prints for a token. */
    public static String line(String name, Role role, String token) {
        return name + " " + role.label() + " sha256:" + HexFormat.of().formatHex(Sha256.of(token));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Optional<Operator> authenticate(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] hash = Sha256.of(presented);
        Operator found = null;
        for (Entry entry : entries) {
            // every entry is compared, so the time does not tell which one matched
            if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
                found = entry.operator();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Reads the text of a tokens file; {@code hash-token} checks its own line with it. */
    public static void parse(String text) {
        parse("line", List.of(text));
    }

    private static List<Entry> read(Path file) {
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("the operator tokens file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static List<Entry> parse(String file, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            Matcher m = LINE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(where + "expected '<name> <read|admin> sha256:<64 hex digits>' "
                        + "(java -jar provisioner-server.jar hash-token NAME ROLE prints one)");
            }
            if (!NAME.matcher(m.group(1)).matches()) {
                throw new IllegalArgumentException(where + "a name is letters, digits and . _ @ - (up to 64)");
            }
            if (m.group(1).equals(API_TOKEN_NAME)) {
                throw new IllegalArgumentException(where + "the name " + API_TOKEN_NAME + " is PROVISIONER_API_TOKEN's; "
                        + "the audit log could not tell the two apart");
            }
            if (names.contains(m.group(1))) {
                throw new IllegalArgumentException(where + "the name " + m.group(1) + " is given twice");
            }
            Role role = Role.of(m.group(2)).orElseThrow(() -> new IllegalArgumentException(where + "the role is read or "
                    + "admin, not '" + m.group(2) + "'"));
            names.add(m.group(1));
            entries.add(new Entry(new Operator(m.group(1), role), HexFormat.of().parseHex(m.group(3))));
        }
        return entries;
    }
}
