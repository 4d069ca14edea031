package dev.provisioner.server.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The argv systemd runs for a unit's {@code ExecStart=} or {@code ExecStop=} line: words split at white space,
 * single or double quotes around a word, {@code $$} for a literal {@code $} and {@code %%} for {@code %}. Backslash
 * escapes and variable or specifier expansion are refused rather than guessed at: the swarm units use neither,
 * and {@code systemd-analyze verify} checks their syntax in SwarmBootTest.
 */
final class ExecLine {

    private ExecLine() {
    }

    static List<String> argv(String unit, String key) {
        List<String> lines = unit.lines().filter(l -> l.startsWith(key + "=")).toList();
        if (lines.size() != 1) {
            throw new AssertionError("expected one " + key + " line in:\n" + unit);
        }
        String value = lines.get(0).substring(key.length() + 1);
        if (value.contains("\\") || value.replace("$$", "").contains("$") || value.replace("%%", "").contains("%")) {
            throw new AssertionError(key + " uses escapes or expansions this reader does not model: " + value);
        }
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int end = value.indexOf(c, i + 1);
                if (end < 0) {
                    throw new AssertionError("unbalanced quote in " + value);
                }
                words.add(value.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < value.length() && !Character.isWhitespace(value.charAt(end))) {
                    end++;
                }
                words.add(value.substring(i, end));
                i = end;
            }
        }
        return words.stream().map(w -> w.replace("$$", "$").replace("%%", "%")).toList();
    }
}
