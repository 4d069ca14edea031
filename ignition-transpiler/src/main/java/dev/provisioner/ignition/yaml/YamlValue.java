package dev.provisioner.ignition.yaml;

import dev.provisioner.ignition.Diagnostics;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its JSON-style path ({@code storage.files[0].mode}). Every typed read reports a wrong type
 * as an error at the node's line and column and yields empty, so one run finds every problem.
 */
public final class YamlValue {

    private final Node node;
    private final String path;
    private final Diagnostics diagnostics;

    YamlValue(Node node, String path, Diagnostics diagnostics) {
        this.node = node;
        this.path = path;
        this.diagnostics = diagnostics;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public int column() {
        return node.getStartMark().getColumn() + 1;
    }

    public void error(String message) {
        diagnostics.error(line(), column(), path, message);
    }

    public void warning(String message) {
        diagnostics.warning(line(), column(), path, message);
    }

    /** Whether this is a mapping with the given key, without reporting anything: for format detection. */
    public boolean hasKey(String key) {
        return node instanceof MappingNode mapping && mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key));
    }

    /** The value under {@code key} of a mapping, without reporting anything: for looking back at a checked document. */
    public Optional<YamlValue> at(String key) {
        if (!(node instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        return mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)).findFirst()
                .map(t -> new YamlValue(t.getValueNode(), path.isEmpty() ? key : path + "." + key, diagnostics));
    }

    /** Whether this is a mapping without entries ({@code {}}). */
    public boolean isEmptyMapping() {
        return node instanceof MappingNode mapping && mapping.getValue().isEmpty();
    }

    public boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** The entries of a mapping; keys outside {@code known} are warned about (with a suggestion) and left out. */
    public Optional<Map<String, YamlValue>> mapping(Collection<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            error("expected a mapping, found " + kind());
            return Optional.empty();
        }
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : withMerged(mapping, Collections.newSetFromMap(new IdentityHashMap<>()),
                new IdentityHashMap<>())) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                new YamlValue(tuple.getKeyNode(), path, diagnostics).error("keys must be plain values");
                continue;
            }
            String key = keyNode.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            YamlValue keyValue = new YamlValue(keyNode, childPath, diagnostics);
            Node first = seen.putIfAbsent(key, keyNode);
            if (first != null) {
                keyValue.error("duplicate key '" + key + "' (first on line " + (first.getStartMark().getLine() + 1) + ")");
                continue;
            }
            if (!known.contains(key)) {
                keyValue.warning("unknown key '" + key + "'" + Suggestions.didYouMean(key, known));
                continue;
            }
            entries.put(key, new YamlValue(tuple.getValueNode(), childPath, diagnostics));
        }
        return Optional.of(entries);
    }

    /**
     * The mapping's entries with those its merge keys ({@code <<: *defaults}, or a list of them) bring in, as ct's
     * and Butane's YAML readers (YAML 1.1) merge them: a key the mapping sets itself wins, and of two merged
     * mappings the first. The merged entries keep their own place in the file, for messages.
     */
    private List<NodeTuple> withMerged(MappingNode mapping, Set<MappingNode> merging,
                                       Map<MappingNode, List<NodeTuple>> expanded) {
        List<NodeTuple> own = new ArrayList<>();
        List<MappingNode> sources = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("<<")
                    && !key.getScalarStyle().equals(DumperOptions.ScalarStyle.SINGLE_QUOTED)
                    && !key.getScalarStyle().equals(DumperOptions.ScalarStyle.DOUBLE_QUOTED))) {
                own.add(tuple);
            } else if (tuple.getValueNode() instanceof MappingNode source) {
                sources.add(source);
            } else if (tuple.getValueNode() instanceof SequenceNode list
                    && list.getValue().stream().allMatch(MappingNode.class::isInstance)) {
                list.getValue().forEach(source -> sources.add((MappingNode) source));
            } else {
                new YamlValue(tuple.getValueNode(), path, diagnostics)
                        .error("a merge key (<<) takes a mapping or a list of mappings");
            }
        }
        if (sources.isEmpty()) {
            return own;
        }
        if (!merging.add(mapping)) {
            new YamlValue(mapping, path, diagnostics).error("a mapping that merges itself (<<)");
            return own;
        }
        List<NodeTuple> all = new ArrayList<>(own);
        Set<String> keys = new HashSet<>();
        own.forEach(t -> keys.add(keyOf(t)));
        for (MappingNode source : sources) {
            // an anchor merged many times is expanded once: nested merges of one anchor would otherwise grow as a power
            List<NodeTuple> merged = expanded.get(source);
            if (merged == null) {
                merged = withMerged(source, merging, expanded);
                expanded.put(source, merged);
            }
            for (NodeTuple tuple : merged) {
                if (keys.add(keyOf(tuple))) {
                    all.add(tuple);
                }
            }
        }
        merging.remove(mapping);
        return all;
    }

    private static String keyOf(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode key ? key.getValue() : "";
    }

    public Optional<List<YamlValue>> sequence() {
        if (!(node instanceof SequenceNode sequence)) {
            error("expected a list, found " + kind());
            return Optional.empty();
        }
        List<YamlValue> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new YamlValue(sequence.getValue().get(i), path + "[" + i + "]", diagnostics));
        }
        return Optional.of(items);
    }

    /** Any single value read as text, as the reference tools do for string fields. */
    public Optional<String> string() {
        if (!(node instanceof ScalarNode scalar)) {
            error("expected a single value, found " + kind());
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    public Optional<Boolean> bool() {
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Optional.of(switch (scalar.getValue().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            });
        }
        error("expected true or false, found " + kind());
        return Optional.empty();
    }

    /** A YAML 1.1 integer: decimal, 0-prefixed octal, 0x hex, 0b binary, with optional underscores. */
    public Optional<Long> integer() {
        if (node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            Optional<Long> value = parseInteger(scalar.getValue());
            if (value.isEmpty()) {
                error("'" + scalar.getValue() + "' is not an integer this tool reads (sexagesimal and out-of-range values are refused)");
            }
            return value;
        }
        error("expected an integer, found " + kind());
        return Optional.empty();
    }

    private static Optional<Long> parseInteger(String text) {
        String digits = text.replace("_", "");
        boolean negative = digits.startsWith("-");
        if (negative || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
        }
        try {
            BigInteger value = new BigInteger(digits, radix);
            if (value.bitLength() > 62) {
                return Optional.empty();
            }
            return Optional.of(negative ? -value.longValue() : value.longValue());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A file mode: an integer (YAML octal such as {@code 0644} reads as 420) between 0 and 07777. */
    public Optional<Integer> mode() {
        if (node instanceof ScalarNode scalar && Tag.STR.equals(scalar.getTag())) {
            boolean yaml12 = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                    && scalar.getValue().matches("0o[0-7]+");
            error(yaml12 ? "'" + scalar.getValue() + "' is YAML 1.2 octal, which YAML 1.1 (as ct reads it) takes as a "
                    + "string; write 0" + scalar.getValue().substring(2)
                    : "the mode is a string ('" + scalar.getValue() + "'); write it unquoted as YAML octal, e.g. 0644");
            return Optional.empty();
        }
        Optional<Long> value = integer();
        if (value.isPresent() && (value.get() < 0 || value.get() > 07777)) {
            error("mode " + value.get() + " (0" + Long.toOctalString(value.get()) + ") is outside 0 to 07777");
            return Optional.empty();
        }
        return value.map(Long::intValue);
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (Tag.NULL.equals(scalar.getTag())) {
            return "nothing (null)";
        }
        String type = Tag.STR.equals(scalar.getTag()) ? "string" : scalar.getTag().getValue().replace("tag:yaml.org,2002:", "");
        return "the " + type + " '" + abbreviate(scalar.getValue()) + "'";
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
