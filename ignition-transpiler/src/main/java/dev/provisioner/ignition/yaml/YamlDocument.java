package dev.provisioner.ignition.yaml;

import dev.provisioner.ignition.Diagnostics;
import dev.provisioner.ignition.Limits;
import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Parses one YAML document into a node tree with positions, within the given limits. */
public final class YamlDocument {

    private YamlDocument() {
    }

    /** The document's root, or empty after reporting why it could not be read. */
    public static Optional<YamlValue> parse(String text, Limits limits, Diagnostics diagnostics) {
        if (text.length() > limits.maxDocumentChars()) {
            diagnostics.error(1, 1, "", "the document is larger than " + limits.maxDocumentChars() + " characters");
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(limits.maxDocumentChars());
        options.setAllowRecursiveKeys(false);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                diagnostics.error(1, 1, "", "the document is empty");
                return Optional.empty();
            }
            return Optional.of(new YamlValue(root, "", diagnostics));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String reason = e.getProblem() != null ? e.getProblem() : e.getMessage();
            diagnostics.error(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, "",
                    "not valid YAML: " + reason);
        } catch (YAMLException e) {
            diagnostics.error(1, 1, "", "refused: " + e.getMessage());
        }
        return Optional.empty();
    }
}
