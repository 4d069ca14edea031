package dev.provisioner.server.store;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineRules;
import dev.provisioner.server.core.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads and writes {@code machines/<mac>.yaml}. */
final class MachineYaml {

    private MachineYaml() {
    }

    static Machine parse(String file, MacAddress fromFileName, String text) throws ProblemException {
        YamlNodes yaml = new YamlNodes(file);
        MappingNode root = yaml.document(text);
        Map<String, Node> top = yaml.entries(root, "", Set.of("mac", "hostname", "profile", "labels", "metadata", "ipv4",
                "state"));
        Optional<String> declared = yaml.optionalString(top, "", "mac");
        if (declared.isPresent()) {
            Optional<MacAddress> mac = MacAddress.parse(declared.get());
            if (mac.isEmpty()) {
                throw yaml.problem(top.get("mac"), "'" + declared.get() + "' is not a MAC address");
            }
            if (!mac.get().equals(fromFileName)) {
                throw yaml.problem(top.get("mac"), "mac " + mac.get() + " differs from the file name ("
                        + fromFileName.hyphenated() + ".yaml)");
            }
        }
        String profile = yaml.requiredString(top, root, "", "profile");
        Machine machine = new Machine(fromFileName, yaml.optionalString(top, "", "hostname").orElse(null), profile,
                yaml.stringMap(top, "", "labels"), yaml.freeForm(top, "", "metadata"),
                yaml.optionalString(top, "", "ipv4").orElse(null), yaml.optionalString(top, "", "state").orElse(null));
        // the same rules as the API's, so that a hand edit cannot put what a write would refuse into a boot script
        List<Violation> violations = MachineRules.documentViolations(machine);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            throw yaml.problem(nodeOf(first.field(), top, root), first.field() + ": " + first.reason()
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        return machine;
    }

    /** Where a rule's field is written: {@code labels.rack} is the value of {@code rack} under {@code labels}. */
    private static Node nodeOf(String field, Map<String, Node> top, MappingNode root) {
        int dot = field.indexOf('.');
        Node node = top.getOrDefault(dot < 0 ? field : field.substring(0, dot), root);
        if (dot >= 0 && node instanceof MappingNode mapping) {
            String key = field.substring(dot + 1);
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return node;
    }

    static String write(Machine machine) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("mac", machine.mac().value());
        if (machine.hostname() != null) {
            document.put("hostname", machine.hostname());
        }
        document.put("profile", machine.profile());
        if (!machine.labels().isEmpty()) {
            document.put("labels", new LinkedHashMap<>(machine.labels()));
        }
        if (!machine.metadata().isEmpty()) {
            document.put("metadata", machine.metadata());
        }
        if (machine.ipv4() != null) {
            document.put("ipv4", machine.ipv4());
        }
        if (machine.state() != null) {
            document.put("state", machine.state());
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(document);
    }
}
