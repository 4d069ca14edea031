package dev.provisioner.server.render;

import dev.provisioner.server.core.ProfileRules;
import java.util.List;

/**
 * Values placed in boot-loader scripts, made safe whatever store they came from: a value can never start a new line
 * or a new command. {@link ProfileRules} and the machine rules keep such values out of every store; this is the
 * second wall, for what reaches a script some other way (a store that skipped them, a template's own model).
 */
final class ScriptText {

    private static final List<String> OPERATORS = List.of("${", "||", "&&");

    private ScriptText() {
    }

    /**
     * Text shown to people (an echo, a comment, a SAY line): one line, no iPXE settings expansion ({@code ${}}), no
     * command operators ({@code ||}, {@code &&}) that would cut the line short.
     */
    static String line(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? ' ' : c);
        }
        String line = out.toString();
        for (String operator : OPERATORS) {
            line = line.replace(operator, operator.charAt(0) + " " + operator.substring(1));
        }
        return line;
    }

    /**
     * A word of a command (a URL, a file name, a kernel argument): refused, rather than altered, when it holds white
     * space, a control character or an operator, since changing it would boot something else.
     *
     * @throws IllegalArgumentException naming what it is
     */
    static String word(String what, String value) {
        if (!ProfileRules.isPlainWord(value)) {
            throw new IllegalArgumentException(what + " '" + line(value) + "' would break the boot script "
                    + "(white space, a control character, ${, || or &&)");
        }
        return value;
    }

    static List<String> words(String what, List<String> values) {
        return values.stream().map(value -> word(what, value)).toList();
    }
}
