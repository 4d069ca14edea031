package dev.provisioner.server.store;

import dev.provisioner.ignition.yaml.Suggestions;
import dev.provisioner.server.core.Problem;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML document of the data directory as a node tree, so that every error can name the
 * line and column of the offending value. Hostile documents (alias bombs, deep nesting, duplicate
 * keys, huge files) are refused by the parser's limits.
 */
final class YamlNodes {

    static final int MAX_DOCUMENT_CHARS = 1024 * 1024;

    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    /** The document's top-level mapping. */
    MappingNode document(String text) throws ProblemException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(32);
        options.setCodePointLimit(MAX_DOCUMENT_CHARS);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String reason = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null && reason.contains("duplicate key")) {
                reason = e.getContext() + ": " + reason;
            }
            throw new ProblemException(new Problem(file, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, reason));
        } catch (YAMLException e) {
            throw new ProblemException(new Problem(file, 0, 0, e.getMessage()));
        }
        if (root == null) {
            throw new ProblemException(new Problem(file, 1, 1, "the file is empty"));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw problem(root, "expected a mapping of keys to values at the top level");
        }
        return mapping;
    }

    ProblemException problem(Node node, String message) {
        Mark mark = node.getStartMark();
        return new ProblemException(new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, message));
    }

    /** The mapping's entries by key; an unknown key is an error, with a suggestion when one is close. */
    Map<String, Node> entries(MappingNode mapping, String path, Set<String> allowed) throws ProblemException {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : tuples(mapping, path)) {
            String key = scalar(tuple.getKeyNode(), path + " key");
            if (!allowed.contains(key)) {
                throw problem(tuple.getKeyNode(), "unknown key '" + qualified(path, key) + "'" + suggestion(key, allowed));
            }
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    Optional<String> optionalString(Map<String, Node> entries, String path, String key) throws ProblemException {
        Node node = entries.get(key);
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        return Optional.of(scalar(node, qualified(path, key)));
    }

    String requiredString(Map<String, Node> entries, MappingNode parent, String path, String key) throws ProblemException {
        return optionalString(entries, path, key)
                .orElseThrow(() -> problem(entries.getOrDefault(key, parent), "'" + qualified(path, key) + "' is required"));
    }

    List<String> stringList(Map<String, Node> entries, String path, String key) throws ProblemException {
        Node node = entries.get(key);
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw problem(node, "'" + qualified(path, key) + "' must be a list");
        }
        List<String> values = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            values.add(scalar(item, qualified(path, key) + " item"));
        }
        return values;
    }

    Map<String, String> stringMap(Map<String, Node> entries, String path, String key) throws ProblemException {
        Node node = entries.get(key);
        if (node == null || isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw problem(node, "'" + qualified(path, key) + "' must be a mapping");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (NodeTuple tuple : tuples(mapping, qualified(path, key))) {
            String name = scalar(tuple.getKeyNode(), qualified(path, key) + " key");
            values.put(name, scalar(tuple.getValueNode(), qualified(path, key) + "." + name));
        }
        return values;
    }

    /** A free-form mapping as plain Java values: maps, lists, strings, numbers, booleans and nulls. */
    Map<String, Object> freeForm(Map<String, Node> entries, String path, String key) throws ProblemException {
        Node node = entries.get(key);
        if (node == null || isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof MappingNode)) {
            throw problem(node, "'" + qualified(path, key) + "' must be a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) plain(node, qualified(path, key));
        return value;
    }

    MappingNode mapping(Map<String, Node> entries, MappingNode parent, String path, String key) throws ProblemException {
        Node node = entries.get(key);
        if (node == null) {
            throw problem(parent, "'" + qualified(path, key) + "' is required");
        }
        if (!(node instanceof MappingNode mapping)) {
            throw problem(node, "'" + qualified(path, key) + "' must be a mapping");
        }
        return mapping;
    }

    private Object plain(Node node, String path) throws ProblemException {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : tuples(mapping, path)) {
                String key = scalar(tuple.getKeyNode(), path + " key");
                map.put(key, plain(tuple.getValueNode(), path + "." + key));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                list.add(plain(item, path));
            }
            return list;
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Set.of("true", "yes", "on", "y").contains(text.toLowerCase(Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
            try {
                BigInteger value = new BigInteger(text.replace("_", ""));
                return value.bitLength() < 64 ? (Object) value.longValue() : value;
            } catch (NumberFormatException e) {
                return text;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    /** The mapping's entries, refusing a key given twice (the composer does not check, only object construction does). */
    private List<NodeTuple> tuples(MappingNode mapping, String path) throws ProblemException {
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                Node first = seen.putIfAbsent(key.getValue(), key);
                if (first != null) {
                    throw problem(key, "duplicate key '" + qualified(path, key.getValue()) + "' (first given on line "
                            + (first.getStartMark().getLine() + 1) + ")");
                }
            }
        }
        return mapping.getValue();
    }

    private String scalar(Node node, String what) throws ProblemException {
        if (!(node instanceof ScalarNode scalar)) {
            throw problem(node, "'" + what + "' must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        return scalar.getValue();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String qualified(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String suggestion(String key, Set<String> allowed) {
        String close = Suggestions.didYouMean(key, allowed);
        return close.isEmpty() ? " (known keys: " + String.join(", ", allowed.stream().sorted().toList()) + ")" : close;
    }
}
