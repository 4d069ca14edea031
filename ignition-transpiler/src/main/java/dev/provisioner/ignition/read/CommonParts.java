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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Container Linux Configs and Butane configs write the same way (the same snake_case keys): modes, owners,
 * systemd units and drop-ins, users and groups. Where the dialects differ (ct's deprecated keys, Butane's
 * should_exist and *_local), the dialect given at construction decides.
 */
final class CommonParts {

    enum Dialect { CONTAINER_LINUX_CONFIG, BUTANE }

    static final Set<String> UNIT_SUFFIXES = Set.of(".service", ".socket", ".device", ".mount", ".automount",
            ".swap", ".target", ".path", ".timer", ".snapshot", ".slice", ".scope");
    private static final Set<String> USER_KEYS = Set.of("name", "password_hash", "ssh_authorized_keys", "uid", "gecos",
            "home_dir", "no_create_home", "primary_group", "groups", "no_user_group", "no_log_init", "shell", "system");

    private final Target target;
    private final Dialect dialect;
    private final LocalFiles localFiles;

    CommonParts(Target target, Dialect dialect, LocalFiles localFiles) {
        this.target = target;
        this.dialect = dialect;
        this.localFiles = localFiles;
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

    /** A systemd unit; ct's deprecated 'enable' is read with a warning, and an explicit 'enabled' wins over it. */
    Optional<Unit> unit(YamlValue value, Map<String, YamlValue> seenNames) {
        Set<String> keys = new HashSet<>(Set.of("name", "enabled", "mask", "contents", "dropins"));
        keys.add(dialect == Dialect.BUTANE ? "contents_local" : "enable");
        Map<String, YamlValue> u = value.mapping(keys).orElse(null);
        if (u == null) {
            return Optional.empty();
        }
        Optional<String> name = required(value, u, "name");
        name.ifPresent(n -> checkName(u.get("name"), n, UNIT_SUFFIXES, "systemd unit", seenNames));
        Boolean enable = present(u, "enable").flatMap(YamlValue::bool).orElse(null);
        if (enable != null) {
            u.get("enable").warning("'enable' is deprecated; use 'enabled'");
        }
        Boolean enabled = bool(u, "enabled");
        Optional<String> contents = contents(value, u);
        List<Dropin> dropins = dropins(u);
        return name.map(n -> new Unit(n, enabled, bool(u, "mask"), contents.orElse(null), dropins,
                Boolean.TRUE.equals(enable)));
    }

    List<Dropin> dropins(Map<String, YamlValue> unit) {
        List<Dropin> dropins = new ArrayList<>();
        Map<String, YamlValue> seenNames = new HashMap<>();
        Set<String> keys = dialect == Dialect.BUTANE ? Set.of("name", "contents", "contents_local") : Set.of("name", "contents");
        each(unit, "dropins", value -> {
            Map<String, YamlValue> d = value.mapping(keys).orElse(null);
            if (d == null) {
                return Optional.empty();
            }
            Optional<String> name = required(value, d, "name");
            name.ifPresent(n -> checkName(d.get("name"), n, Set.of(".conf"), "drop-in", seenNames));
            Optional<String> contents = contents(value, d);
            return name.map(n -> new Dropin(n, contents.orElse(null)));
        }, dropins);
        return dropins;
    }

    /** 'contents', or Butane's 'contents_local' read from the files directory; not both. */
    private Optional<String> contents(YamlValue parent, Map<String, YamlValue> fields) {
        Optional<YamlValue> local = present(fields, "contents_local");
        if (local.isPresent() && present(fields, "contents").isPresent()) {
            parent.error("give contents or contents_local, not both");
            return Optional.empty();
        }
        if (local.isPresent()) {
            return localFiles.read(local.get()).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(str(fields, "contents"));
    }

    Optional<User> user(YamlValue value) {
        Set<String> keys = new HashSet<>(USER_KEYS);
        keys.addAll(dialect == Dialect.BUTANE ? Set.of("should_exist", "ssh_authorized_keys_local") : Set.of("create"));
        Map<String, YamlValue> u = value.mapping(keys).orElse(null);
        if (u == null) {
            return Optional.empty();
        }
        present(u, "create").ifPresent(c -> c.error("'create' is deprecated and has no equivalent in Ignition 3; "
                + "put its fields on the user itself"));
        List<String> keysGiven = new ArrayList<>(strings(u, "ssh_authorized_keys"));
        present(u, "ssh_authorized_keys_local").flatMap(YamlValue::sequence).ifPresent(files -> files.forEach(file ->
                localFiles.read(file).ifPresent(bytes -> new String(bytes, StandardCharsets.UTF_8).lines()
                        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .forEach(keysGiven::add))));
        return required(value, u, "name").map(n -> new User(n, str(u, "password_hash"), keysGiven,
                present(u, "uid").flatMap(YamlValue::integer).orElse(null),
                str(u, "gecos"), str(u, "home_dir"), bool(u, "no_create_home"), str(u, "primary_group"),
                strings(u, "groups"), bool(u, "no_user_group"), bool(u, "no_log_init"), str(u, "shell"),
                bool(u, "system"), bool(u, "should_exist")));
    }

    Optional<Group> group(YamlValue value) {
        Set<String> keys = dialect == Dialect.BUTANE ? Set.of("name", "gid", "password_hash", "system", "should_exist")
                : Set.of("name", "gid", "password_hash", "system");
        Map<String, YamlValue> g = value.mapping(keys).orElse(null);
        if (g == null) {
            return Optional.empty();
        }
        return required(value, g, "name").map(n -> new Group(n, present(g, "gid").flatMap(YamlValue::integer).orElse(null),
                str(g, "password_hash"), bool(g, "system"), bool(g, "should_exist")));
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
}
