package dev.provisioner.server.store;

import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.EnrollMode;
import dev.provisioner.server.core.LocalBoot;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileRules;
import dev.provisioner.server.core.Violation;
import dev.provisioner.server.core.SwarmRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code profiles/<id>.yaml}, with the core's {@link ProfileRules} reported at the line they concern. */
final class ProfileYaml {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private ProfileYaml() {
    }

    private static EnrollMode enrollMode(YamlNodes yaml, Map<String, Node> top, boolean swarm) throws ProblemException {
        Optional<String> mode = yaml.optionalString(top, "", "enroll");
        if (mode.isEmpty()) {
            return EnrollMode.EVERY_BOOT;
        }
        if (!swarm) {
            throw yaml.problem(top.get("enroll"), "enroll applies to profiles with a swarm role: only they enroll");
        }
        return switch (mode.get()) {
            case "every-boot" -> EnrollMode.EVERY_BOOT;
            case "armed" -> EnrollMode.ARMED;
            default -> throw yaml.problem(top.get("enroll"), "enroll is every-boot (diskless machines) or armed (an "
                    + "operator arms the machine for one boot), not '" + mode.get() + "'");
        };
    }

    static Profile parse(String file, String id, String text) throws ProblemException {
        YamlNodes yaml = new YamlNodes(file);
        MappingNode root = yaml.document(text);
        Map<String, Node> top = yaml.entries(root, "", Set.of("id", "boot", "config", "ignition", "oem_file", "oem_layout", "swarm",
                "enroll", "efi_loader", "local_boot"));
        Optional<String> declaredId = yaml.optionalString(top, "", "id");
        if (declaredId.isPresent() && !declaredId.get().equals(id)) {
            throw yaml.problem(top.get("id"), "id '" + declaredId.get() + "' differs from the file name '" + id
                    + ".yaml'; rename the file or remove the id");
        }
        MappingNode bootNode = yaml.mapping(top, root, "", "boot");
        Map<String, Node> boot = yaml.entries(bootNode, "boot", Set.of("kernel", "initrds", "args"));
        String kernel = yaml.requiredString(boot, bootNode, "boot", "kernel");
        List<String> initrds = yaml.stringList(boot, "boot", "initrds");
        List<String> args = yaml.stringList(boot, "boot", "args");
        Optional<String> config = yaml.optionalString(top, "", "config");
        String spec = yaml.optionalString(top, "", "ignition").orElse(Profile.DEFAULT_SPEC);
        OemFormat oem = oemFormat(yaml, top, spec);
        Optional<SwarmRole> swarmRole = Optional.empty();
        if (top.containsKey("swarm")) {
            MappingNode swarmNode = yaml.mapping(top, root, "", "swarm");
            Map<String, Node> swarm = yaml.entries(swarmNode, "swarm", Set.of("role"));
            String role = yaml.requiredString(swarm, swarmNode, "swarm", "role");
            swarmRole = Optional.of(switch (role) {
                case "worker" -> SwarmRole.WORKER;
                case "manager" -> SwarmRole.MANAGER;
                default -> throw yaml.problem(swarm.get("role"), "swarm.role is worker or manager, not '" + role + "'");
            });
        }
        EnrollMode enroll = enrollMode(yaml, top, swarmRole.isPresent());
        String efiLoader = yaml.optionalString(top, "", "efi_loader").orElse("ipxe.efi");
        if (!Profile.EFI_LOADERS.contains(efiLoader)) {
            throw yaml.problem(top.get("efi_loader"), "efi_loader is ipxe.efi or snponly.efi (Debian's ipxe package), not '"
                    + efiLoader + "'");
        }
        String localBoot = yaml.optionalString(top, "", "local_boot").orElse(LocalBoot.EXIT.label());
        if (LocalBoot.parse(localBoot).isEmpty()) {
            throw yaml.problem(top.get("local_boot"), "local_boot is exit (back to the firmware's next boot device) or "
                    + "sanboot (the first disk), not '" + localBoot + "'");
        }
        Profile profile = new Profile(id, new BootSpec(kernel, initrds, args), config, spec, oem, swarmRole, enroll,
                efiLoader, LocalBoot.parse(localBoot).get());
        List<Violation> violations = ProfileRules.violations(profile);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            Node node = first.field().startsWith("boot.") ? boot.get(first.field().substring(5)) : top.get(first.field());
            throw yaml.problem(node, first.reason());
        }
        return profile;
    }

    private static OemFormat oemFormat(YamlNodes yaml, Map<String, Node> top, String spec) throws ProblemException {
        String layout = yaml.optionalString(top, "", "oem_layout").orElse("flatcar");
        String oemFile = yaml.optionalString(top, "", "oem_file").orElse(OemFormat.FLATCAR.fileName());
        switch (layout) {
            case "flatcar" -> {
                if (!Set.of("config.ign", "raw.ign").contains(oemFile)) {
                    throw yaml.problem(top.get("oem_file"), "oem_file is config.ign (Flatcar) or raw.ign (old Container Linux)");
                }
                return new OemFormat(OemFormat.Layout.FLATCAR, oemFile);
            }
            case "fcos" -> {
                if (top.containsKey("oem_file")) {
                    throw yaml.problem(top.get("oem_file"), "the fcos layout always names the file config.ign; remove oem_file");
                }
                if (spec.startsWith("2.")) {
                    throw yaml.problem(top.get("oem_layout"), "Fedora CoreOS reads Ignition 3.x; the fcos layout cannot carry spec " + spec);
                }
                return OemFormat.FCOS;
            }
            default -> throw yaml.problem(top.get("oem_layout"),
                    "oem_layout is flatcar (usr/share/oem/ in a gzipped cpio) or fcos (config.ign at the root, xz), not '" + layout + "'");
        }
    }
}
