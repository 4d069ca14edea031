package dev.provisioner.server.store;

import dev.provisioner.ignition.Transpiler;
import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.Profile;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code profiles/<id>.yaml}. Everything a boot script will contain is checked here, once. */
final class ProfileYaml {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** Paths end up inside URLs and boot-loader scripts: a conservative alphabet keeps both safe without escaping. */
    private static final Pattern ASSET_PATH = Pattern.compile("[A-Za-z0-9._+~-]+(/[A-Za-z0-9._+~-]+)*");

    private ProfileYaml() {
    }

    static Profile parse(String file, String id, String text) throws ProblemException {
        YamlNodes yaml = new YamlNodes(file);
        MappingNode root = yaml.document(text);
        Map<String, Node> top = yaml.entries(root, "", Set.of("id", "boot", "config", "ignition", "oem_file"));
        Optional<String> declaredId = yaml.optionalString(top, "", "id");
        if (declaredId.isPresent() && !declaredId.get().equals(id)) {
            throw yaml.problem(top.get("id"), "id '" + declaredId.get() + "' differs from the file name '" + id
                    + ".yaml'; rename the file or remove the id");
        }
        MappingNode bootNode = yaml.mapping(top, root, "", "boot");
        Map<String, Node> boot = yaml.entries(bootNode, "boot", Set.of("kernel", "initrds", "args"));
        String kernel = yaml.requiredString(boot, bootNode, "boot", "kernel");
        checkAssetPath(yaml, boot.get("kernel"), kernel);
        List<String> initrds = yaml.stringList(boot, "boot", "initrds");
        Set<String> names = new HashSet<>();
        for (String initrd : initrds) {
            checkAssetPath(yaml, boot.get("initrds"), initrd);
            if (!names.add(initrd.substring(initrd.lastIndexOf('/') + 1))) {
                throw yaml.problem(boot.get("initrds"), "two initrds share the file name of '" + initrd
                        + "'; boot loaders name initrds by file name");
            }
        }
        List<String> args = yaml.stringList(boot, "boot", "args");
        for (String arg : args) {
            if (arg.isEmpty() || arg.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw yaml.problem(boot.get("args"), "kernel argument '" + arg
                        + "' is empty or contains white space; give one argument per list item");
            }
        }
        Optional<String> config = yaml.optionalString(top, "", "config");
        if (config.isPresent()) {
            checkAssetPath(yaml, top.get("config"), config.get());
        }
        String spec = yaml.optionalString(top, "", "ignition").orElse(Profile.DEFAULT_SPEC);
        if (!Transpiler.SPECS.contains(spec)) {
            throw yaml.problem(top.get("ignition"), "Ignition spec " + spec + " is not one this server writes ("
                    + String.join(", ", Transpiler.SPECS.stream().sorted().toList()) + ")");
        }
        String oemFile = yaml.optionalString(top, "", "oem_file").orElse(Profile.DEFAULT_OEM_FILE);
        if (!Set.of("config.ign", "raw.ign").contains(oemFile)) {
            throw yaml.problem(top.get("oem_file"), "oem_file is config.ign (Flatcar) or raw.ign (old Container Linux)");
        }
        return new Profile(id, new BootSpec(kernel, initrds, args), config, spec, oemFile);
    }

    private static void checkAssetPath(YamlNodes yaml, Node node, String path) throws ProblemException {
        boolean dotSegment = List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."));
        if (!ASSET_PATH.matcher(path).matches() || dotSegment) {
            throw yaml.problem(node, "'" + path + "' must be a relative path of letters, digits and . _ + ~ - "
                    + "without '.' or '..' segments");
        }
    }
}
