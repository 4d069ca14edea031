package dev.provisioner.ignition.read;

import static dev.provisioner.ignition.yaml.Fields.bool;
import static dev.provisioner.ignition.yaml.Fields.each;
import static dev.provisioner.ignition.yaml.Fields.present;
import static dev.provisioner.ignition.yaml.Fields.required;
import static dev.provisioner.ignition.yaml.Fields.str;
import static dev.provisioner.ignition.yaml.Fields.strings;

import dev.provisioner.ignition.model.Dropin;
import dev.provisioner.ignition.model.Group;
import dev.provisioner.ignition.model.Owner;
import dev.provisioner.ignition.model.Target;
import dev.provisioner.ignition.model.Unit;
import dev.provisioner.ignition.model.User;
import dev.provisioner.ignition.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Container Linux Configs and Butane configs write the same way (the same snake_case keys): modes, owners,
 * systemd units and drop-ins, users and groups. Each dialect names the keys it refuses, with the reason.
 */
final class CommonParts {

    static final Set<String> UNIT_SUFFIXES = Set.of(".service", ".socket", ".device", ".mount", ".automount",
            ".swap", ".target", ".path", ".timer", ".snapshot", ".slice", ".scope");
    private static final Set<String> USER_KEYS = Set.of("name", "password_hash", "ssh_authorized_keys", "uid", "gecos",
            "home_dir", "no_create_home", "primary_group", "groups", "no_user_group", "no_log_init", "shell", "system");

    private final Target target;

    CommonParts(Target target) {
        this.target = target;
    }

    Optional<Integer> mode(YamlValue value) {
        Optional<Integer> mode = value.mode();
        if (mode.isPresent() && !target.specialModeBits() && (mode.get() & 07000) != 0) {
            value.error("mode 0" + Integer.toOctalString(mode.get()) + " has setuid, setgid or sticky bits, which the "
                    + "output spec cannot carry (Ignition supports them from spec 3.4.0)");
            return Optional.empty();
        }
        return mode;
    }

    Owner owner(YamlValue value) {
        Map<String, YamlValue> o = value.mapping(Set.of("id", "name")).orElse(Map.of());
        Long id = present(o, "id").flatMap(YamlValue::integer).orElse(null);
        String name = present(o, "name").flatMap(YamlValue::string).orElse(null);
        if (id != null && name != null) {
            value.error("give either an id or a name, not both");
        }
        return new Owner(id, name);
    }

    /**
     * A systemd unit. {@code deprecatedEnable}: ct's old 'enable' key is read (with a warning) and, as the
     * standard translation does, an explicit 'enabled' wins over it.
     */
    Optional<Unit> unit(YamlValue value, Map<String, YamlValue> seenNames, Map<String, String> refused,
                        boolean deprecatedEnable) {
        Set<String> keys = keys(Set.of("name", "enabled", "mask", "contents", "dropins"), refused);
        if (deprecatedEnable) {
            keys.add("enable");
        }
        Map<String, YamlValue> u = value.mapping(keys).orElse(null);
        if (u == null) {
            return Optional.empty();
        }
        refuse(u, refused);
        Optional<String> name = required(value, u, "name");
        name.ifPresent(n -> checkName(u.get("name"), n, UNIT_SUFFIXES, "systemd unit", seenNames));
        Boolean enable = present(u, "enable").flatMap(YamlValue::bool).orElse(null);
        if (enable != null) {
            u.get("enable").warning("'enable' is deprecated; use 'enabled'");
        }
        Boolean enabled = bool(u, "enabled");
        Boolean effective = enabled != null ? enabled : Boolean.TRUE.equals(enable) ? Boolean.TRUE : null;
        List<Dropin> dropins = dropins(u, refused);
        return name.map(n -> new Unit(n, effective, bool(u, "mask"), str(u, "contents"), dropins));
    }

    List<Dropin> dropins(Map<String, YamlValue> unit, Map<String, String> refused) {
        List<Dropin> dropins = new ArrayList<>();
        Map<String, YamlValue> seenNames = new HashMap<>();
        each(unit, "dropins", value -> {
            Map<String, YamlValue> d = value.mapping(keys(Set.of("name", "contents"), refused)).orElse(null);
            if (d == null) {
                return Optional.empty();
            }
            refuse(d, refused);
            Optional<String> name = required(value, d, "name");
            name.ifPresent(n -> checkName(d.get("name"), n, Set.of(".conf"), "drop-in", seenNames));
            return name.map(n -> new Dropin(n, str(d, "contents")));
        }, dropins);
        return dropins;
    }

    Optional<User> user(YamlValue value, Map<String, String> refused) {
        Map<String, YamlValue> u = value.mapping(keys(USER_KEYS, refused)).orElse(null);
        if (u == null) {
            return Optional.empty();
        }
        refuse(u, refused);
        return required(value, u, "name").map(n -> new User(n, str(u, "password_hash"),
                strings(u, "ssh_authorized_keys"), present(u, "uid").flatMap(YamlValue::integer).orElse(null),
                str(u, "gecos"), str(u, "home_dir"), bool(u, "no_create_home"), str(u, "primary_group"),
                strings(u, "groups"), bool(u, "no_user_group"), bool(u, "no_log_init"), str(u, "shell"),
                bool(u, "system")));
    }

    Optional<Group> group(YamlValue value, Map<String, String> refused) {
        Map<String, YamlValue> g = value.mapping(keys(Set.of("name", "gid", "password_hash", "system"), refused))
                .orElse(null);
        if (g == null) {
            return Optional.empty();
        }
        refuse(g, refused);
        return required(value, g, "name").map(n -> new Group(n, present(g, "gid").flatMap(YamlValue::integer).orElse(null),
                str(g, "password_hash"), bool(g, "system")));
    }

    static void checkName(YamlValue value, String name, Set<String> suffixes, String what,
                          Map<String, YamlValue> seenNames) {
        if (suffixes.stream().noneMatch(name::endsWith)) {
            value.error("'" + name + "' is not a valid " + what + " name: it must end in "
                    + String.join(", ", suffixes.stream().sorted().toList()));
        }
        YamlValue first = seenNames.putIfAbsent(name, value);
        if (first != null) {
            value.error("the " + what + " " + name + " is already defined (line " + first.line() + ")");
        }
    }

    /** Reports each refused key that is given: known to the dialect, but not something this tool can carry. */
    static void refuse(Map<String, YamlValue> fields, Map<String, String> refused) {
        refused.forEach((key, reason) -> present(fields, key).ifPresent(v -> v.error(reason)));
    }

    private static Set<String> keys(Set<String> known, Map<String, String> refused) {
        Set<String> keys = new HashSet<>(known);
        keys.addAll(refused.keySet());
        return keys;
    }
}
