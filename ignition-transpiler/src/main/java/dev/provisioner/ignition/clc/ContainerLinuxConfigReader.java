package dev.provisioner.ignition.clc;

import static dev.provisioner.ignition.clc.Fields.bool;
import static dev.provisioner.ignition.clc.Fields.each;
import static dev.provisioner.ignition.clc.Fields.present;
import static dev.provisioner.ignition.clc.Fields.required;
import static dev.provisioner.ignition.clc.Fields.str;
import static dev.provisioner.ignition.clc.Fields.strings;

import dev.provisioner.ignition.model.Config;
import dev.provisioner.ignition.model.Contents;
import dev.provisioner.ignition.model.DataUrls;
import dev.provisioner.ignition.model.Directory;
import dev.provisioner.ignition.model.Disk;
import dev.provisioner.ignition.model.Dropin;
import dev.provisioner.ignition.model.File;
import dev.provisioner.ignition.model.Filesystem;
import dev.provisioner.ignition.model.FsNode;
import dev.provisioner.ignition.model.Group;
import dev.provisioner.ignition.model.IgnitionSection;
import dev.provisioner.ignition.model.Link;
import dev.provisioner.ignition.model.NetworkdUnit;
import dev.provisioner.ignition.model.Owner;
import dev.provisioner.ignition.model.Raid;
import dev.provisioner.ignition.model.Reference;
import dev.provisioner.ignition.model.Unit;
import dev.provisioner.ignition.model.User;
import dev.provisioner.ignition.yaml.YamlValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a Container Linux Config (the YAML {@code ct} accepted) into the spec-neutral model, reporting every
 * problem at its line and column. Sections that this version cannot translate yet are errors, never dropped.
 */
public final class ContainerLinuxConfigReader {

    private static final Set<String> TOP = Set.of("ignition", "storage", "systemd", "networkd", "passwd", "etcd",
            "flannel", "docker", "update", "locksmith");
    private static final Set<String> UNIT_SUFFIXES = Set.of(".service", ".socket", ".device", ".mount", ".automount",
            ".swap", ".target", ".path", ".timer", ".snapshot", ".slice", ".scope");
    private static final Set<String> NETWORKD_SUFFIXES = Set.of(".link", ".netdev", ".network");

    private final Optional<Path> filesDir;
    private final boolean specialModeBits;

    /** @param specialModeBits whether the output spec can carry setuid, setgid and sticky bits (3.4.0 and later) */
    public ContainerLinuxConfigReader(Optional<Path> filesDir, boolean specialModeBits) {
        this.filesDir = filesDir;
        this.specialModeBits = specialModeBits;
    }

    public Config read(YamlValue root) {
        List<Disk> disks = new ArrayList<>();
        List<Raid> raid = new ArrayList<>();
        List<Filesystem> filesystems = new ArrayList<>();
        List<File> files = new ArrayList<>();
        List<Directory> directories = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        List<Unit> units = new ArrayList<>();
        List<NetworkdUnit> networkd = new ArrayList<>();
        List<User> users = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        Map<String, YamlValue> top = root.mapping(TOP).orElse(Map.of());
        IgnitionSection ignition = present(top, "ignition").map(this::ignition).orElse(IgnitionSection.NONE);
        Map<String, YamlValue> seenPaths = new HashMap<>();
        present(top, "storage").flatMap(s -> s.mapping(Set.of("disks", "raid", "filesystems", "files", "directories", "links")))
                .ifPresent(storage -> readStorage(storage, seenPaths, disks, raid, filesystems, files, directories, links));
        Map<String, YamlValue> unitNames = new HashMap<>();
        present(top, "systemd").flatMap(s -> s.mapping(Set.of("units")))
                .ifPresent(systemd -> each(systemd, "units", v -> unit(v, unitNames), units));
        Map<String, YamlValue> networkdNames = new HashMap<>();
        present(top, "networkd").flatMap(n -> n.mapping(Set.of("units")))
                .ifPresent(n -> each(n, "units", v -> networkdUnit(v, networkdNames), networkd));
        present(top, "passwd").flatMap(p -> p.mapping(Set.of("users", "groups"))).ifPresent(passwd -> {
            each(passwd, "users", this::user, users);
            each(passwd, "groups", this::group, groups);
        });
        GeneratedSections generated = new GeneratedSections();
        present(top, "docker").ifPresent(generated::docker);
        present(top, "etcd").ifPresent(generated::etcd);
        present(top, "flannel").ifPresent(generated::flannel);
        generated.updateAndLocksmith(present(top, "update"), present(top, "locksmith"));
        // ct lists the units it generates before the config's own, and its update.conf after the config's files
        for (Unit unit : generated.units()) {
            Optional.ofNullable(unitNames.get(unit.name())).ifPresent(own -> own.error(unit.name()
                    + " is also generated by a section of this config; add a drop-in to it instead of redefining it"));
        }
        units.addAll(0, generated.units());
        for (File file : generated.files()) {
            Optional.ofNullable(seenPaths.get(file.node().path())).ifPresent(own -> own.error(file.node().path()
                    + " is also generated by the update and locksmith sections"));
        }
        files.addAll(generated.files());
        return new Config(ignition, disks, raid, filesystems, files, directories, links, units, networkd, users, groups);
    }

    private void readStorage(Map<String, YamlValue> storage, Map<String, YamlValue> seenPaths, List<Disk> disks,
                             List<Raid> raid, List<Filesystem> filesystems, List<File> files,
                             List<Directory> directories, List<Link> links) {
        StorageDevicesReader devices = new StorageDevicesReader();
        present(storage, "disks").ifPresent(v -> disks.addAll(devices.disks(v)));
        present(storage, "raid").ifPresent(v -> raid.addAll(devices.raid(v)));
        present(storage, "filesystems").ifPresent(v -> filesystems.addAll(devices.filesystems(v)));
        Map<String, Optional<String>> mountPaths = devices.mountPaths(filesystems);
        each(storage, "files", v -> file(v, seenPaths, mountPaths), files);
        each(storage, "directories", v -> directory(v, seenPaths, mountPaths), directories);
        each(storage, "links", v -> link(v, seenPaths, mountPaths), links);
    }

    private IgnitionSection ignition(YamlValue value) {
        Map<String, YamlValue> ignition = value.mapping(Set.of("config", "timeouts", "security")).orElse(Map.of());
        List<Reference> merge = new ArrayList<>();
        Reference[] replace = {null};
        present(ignition, "config").flatMap(c -> c.mapping(Set.of("append", "replace"))).ifPresent(config -> {
            each(config, "append", this::reference, merge);
            present(config, "replace").flatMap(this::reference).ifPresent(r -> replace[0] = r);
            if (replace[0] != null && !merge.isEmpty()) {
                config.get("replace").warning("a config that replaces itself and also appends others: Ignition "
                        + "fetches the replacement, whose own config section decides what is merged");
            }
        });
        Long[] timeouts = {null, null};
        present(ignition, "timeouts").flatMap(t -> t.mapping(Set.of("http_response_headers", "http_total")))
                .ifPresent(t -> {
                    timeouts[0] = present(t, "http_response_headers").flatMap(YamlValue::integer).orElse(null);
                    timeouts[1] = present(t, "http_total").flatMap(YamlValue::integer).orElse(null);
                });
        List<Reference> authorities = new ArrayList<>();
        present(ignition, "security").flatMap(s -> s.mapping(Set.of("tls")))
                .flatMap(s -> present(s, "tls")).flatMap(t -> t.mapping(Set.of("certificate_authorities")))
                .ifPresent(tls -> each(tls, "certificate_authorities", this::reference, authorities));
        return new IgnitionSection(merge, replace[0], timeouts[0], timeouts[1], authorities);
    }

    private Optional<Reference> reference(YamlValue value) {
        Map<String, YamlValue> r = value.mapping(Set.of("source", "verification")).orElse(null);
        if (r == null) {
            return Optional.empty();
        }
        Optional<String> source = required(value, r, "source");
        String hash = present(r, "verification").flatMap(this::hash).orElse(null);
        return source.map(s -> new Reference(s, hash));
    }

    private Optional<File> file(YamlValue value, Map<String, YamlValue> seenPaths,
                                Map<String, Optional<String>> mountPaths) {
        Map<String, YamlValue> f = value.mapping(Set.of("filesystem", "path", "contents", "mode", "user", "group",
                "overwrite", "append")).orElse(null);
        if (f == null) {
            return Optional.empty();
        }
        Optional<FsNode> node = node(value, f, seenPaths, mountPaths);
        Optional<Integer> mode = present(f, "mode").flatMap(this::mode);
        boolean append = present(f, "append").flatMap(YamlValue::bool).orElse(false);
        // as ct does: a file without contents is an empty file (data:,), which 3.x also needs to overwrite
        Optional<Contents> contents = present(f, "contents").isPresent() ? present(f, "contents").flatMap(this::contents)
                : Optional.of(new Contents(DataUrls.of(new byte[0]), null, null));
        if (node.isEmpty() || contents.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new File(node.get(), mode.orElse(null), contents.get(), append));
    }

    private Optional<Directory> directory(YamlValue value, Map<String, YamlValue> seenPaths,
                                          Map<String, Optional<String>> mountPaths) {
        Map<String, YamlValue> d = value.mapping(Set.of("filesystem", "path", "mode", "user", "group", "overwrite"))
                .orElse(null);
        if (d == null) {
            return Optional.empty();
        }
        Optional<Integer> mode = present(d, "mode").flatMap(this::mode);
        return node(value, d, seenPaths, mountPaths).map(node -> new Directory(node, mode.orElse(null)));
    }

    private Optional<Link> link(YamlValue value, Map<String, YamlValue> seenPaths,
                                Map<String, Optional<String>> mountPaths) {
        Map<String, YamlValue> l = value.mapping(Set.of("filesystem", "path", "target", "hard", "user", "group",
                "overwrite")).orElse(null);
        if (l == null) {
            return Optional.empty();
        }
        Optional<String> target = required(value, l, "target");
        Boolean hard = present(l, "hard").flatMap(YamlValue::bool).orElse(null);
        Optional<FsNode> node = node(value, l, seenPaths, mountPaths);
        return node.isPresent() && target.isPresent() ? Optional.of(new Link(node.get(), target.get(), hard)) : Optional.empty();
    }

    private Optional<FsNode> node(YamlValue entry, Map<String, YamlValue> fields, Map<String, YamlValue> seenPaths,
                                  Map<String, Optional<String>> mountPaths) {
        String filesystem = present(fields, "filesystem").flatMap(YamlValue::string).orElse("root");
        Optional<String> mountPath = mountPaths.getOrDefault(filesystem, Optional.empty());
        if (!mountPaths.containsKey(filesystem)) {
            fields.get("filesystem").error("filesystem '" + filesystem + "' is not defined in storage.filesystems");
            return Optional.empty();
        }
        if (mountPath.isEmpty()) {
            fields.get("filesystem").error("filesystem '" + filesystem + "' has no path: Ignition 3 places files by "
                    + "absolute path, so give the filesystem a 'path' (its mount point)");
            return Optional.empty();
        }
        Optional<String> path = required(entry, fields, "path");
        if (path.isPresent() && !path.get().startsWith("/")) {
            fields.get("path").error("the path '" + path.get() + "' is relative; paths must be absolute");
            return Optional.empty();
        }
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String absolute = mountPath.get().equals("/") ? path.get() : mountPath.get().replaceAll("/+$", "") + path.get();
        YamlValue first = seenPaths.putIfAbsent(absolute, fields.get("path"));
        if (first != null) {
            fields.get("path").error("the path " + absolute + " is already used (line " + first.line() + ")");
        }
        Boolean overwrite = present(fields, "overwrite").flatMap(YamlValue::bool).orElse(null);
        Owner user = present(fields, "user").map(this::owner).orElse(Owner.NONE);
        Owner group = present(fields, "group").map(this::owner).orElse(Owner.NONE);
        return Optional.of(new FsNode(filesystem, absolute, overwrite, user, group));
    }

    private Optional<Integer> mode(YamlValue value) {
        Optional<Integer> mode = value.mode();
        if (mode.isPresent() && !specialModeBits && (mode.get() & 07000) != 0) {
            value.error("mode 0" + Integer.toOctalString(mode.get()) + " has setuid, setgid or sticky bits, which the "
                    + "output spec cannot carry (Ignition supports them from spec 3.4.0)");
            return Optional.empty();
        }
        return mode;
    }

    private Owner owner(YamlValue value) {
        Map<String, YamlValue> o = value.mapping(Set.of("id", "name")).orElse(Map.of());
        Long id = present(o, "id").flatMap(YamlValue::integer).orElse(null);
        String name = present(o, "name").flatMap(YamlValue::string).orElse(null);
        if (id != null && name != null) {
            value.error("give either an id or a name, not both");
        }
        return new Owner(id, name);
    }

    private Optional<Contents> contents(YamlValue value) {
        Map<String, YamlValue> c = value.mapping(Set.of("inline", "remote", "local")).orElse(null);
        if (c == null) {
            return Optional.empty();
        }
        List<String> given = c.keySet().stream().filter(k -> !c.get(k).isNull()).toList();
        if (given.size() > 1) {
            value.error("two content sources (" + String.join(" and ", given) + "); give exactly one");
            return Optional.empty();
        }
        if (c.containsKey("inline")) {
            return c.get("inline").string().map(text -> new Contents(DataUrls.of(text.getBytes(StandardCharsets.UTF_8)), null, null));
        }
        if (c.containsKey("local")) {
            return c.get("local").string().flatMap(name -> local(c.get("local"), name));
        }
        if (c.containsKey("remote")) {
            return remote(c.get("remote"));
        }
        return Optional.of(new Contents(DataUrls.of(new byte[0]), null, null));
    }

    private Optional<Contents> local(YamlValue value, String name) {
        if (filesDir.isEmpty()) {
            value.error("local contents need --files-dir, the directory that '" + name + "' is relative to");
            return Optional.empty();
        }
        Path root = filesDir.get().toAbsolutePath().normalize();
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root)) {
            value.error("'" + name + "' leads outside the files directory");
            return Optional.empty();
        }
        try {
            return Optional.of(new Contents(DataUrls.of(Files.readAllBytes(file)), null, null));
        } catch (IOException e) {
            value.error("cannot read '" + name + "' in the files directory: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Contents> remote(YamlValue value) {
        Map<String, YamlValue> r = value.mapping(Set.of("url", "compression", "verification")).orElse(null);
        if (r == null) {
            return Optional.empty();
        }
        Optional<String> url = required(value, r, "url");
        String compression = present(r, "compression").flatMap(YamlValue::string).orElse(null);
        if (compression != null && !compression.equals("gzip")) {
            r.get("compression").error("compression '" + compression + "' is not known; only gzip is");
        }
        String hash = present(r, "verification").flatMap(this::hash).orElse(null);
        return url.map(u -> new Contents(u, compression, hash));
    }

    private Optional<String> hash(YamlValue verification) {
        Map<String, YamlValue> v = verification.mapping(Set.of("hash")).orElse(Map.of());
        return present(v, "hash").flatMap(h -> h.mapping(Set.of("function", "sum"))).flatMap(h -> {
            Optional<String> function = required(v.get("hash"), h, "function");
            Optional<String> sum = required(v.get("hash"), h, "sum");
            if (function.isPresent() && !Set.of("sha512", "sha256").contains(function.get())) {
                h.get("function").error("hash function '" + function.get() + "' is not known; use sha512 or sha256");
                return Optional.empty();
            }
            int digits = "sha512".equals(function.orElse("")) ? 128 : 64;
            if (function.isPresent() && sum.isPresent() && !sum.get().matches("[0-9a-fA-F]{" + digits + "}")) {
                h.get("sum").error("a " + function.get() + " sum is " + digits + " hexadecimal digits; this one has "
                        + sum.get().length() + " characters");
                return Optional.empty();
            }
            return function.flatMap(f -> sum.map(s -> f + "-" + s));
        });
    }

    private Optional<Unit> unit(YamlValue value, Map<String, YamlValue> seenNames) {
        Map<String, YamlValue> u = value.mapping(Set.of("name", "enable", "enabled", "mask", "contents", "dropins"))
                .orElse(null);
        if (u == null) {
            return Optional.empty();
        }
        Optional<String> name = required(value, u, "name");
        name.ifPresent(n -> checkName(u.get("name"), n, UNIT_SUFFIXES, "systemd unit", seenNames));
        Boolean enable = present(u, "enable").flatMap(YamlValue::bool).orElse(null);
        if (enable != null) {
            u.get("enable").warning("'enable' is deprecated; use 'enabled'");
        }
        Boolean enabled = present(u, "enabled").flatMap(YamlValue::bool).orElse(null);
        // as the standard translation does: an explicit 'enabled' wins over the deprecated 'enable'
        Boolean effective = enabled != null ? enabled : Boolean.TRUE.equals(enable) ? Boolean.TRUE : null;
        Boolean mask = present(u, "mask").flatMap(YamlValue::bool).orElse(null);
        String contents = present(u, "contents").flatMap(YamlValue::string).orElse(null);
        List<Dropin> dropins = dropins(u);
        return name.map(n -> new Unit(n, effective, mask, contents, dropins));
    }

    private Optional<NetworkdUnit> networkdUnit(YamlValue value, Map<String, YamlValue> seenNames) {
        Map<String, YamlValue> u = value.mapping(Set.of("name", "contents", "dropins")).orElse(null);
        if (u == null) {
            return Optional.empty();
        }
        Optional<String> name = required(value, u, "name");
        name.ifPresent(n -> checkName(u.get("name"), n, NETWORKD_SUFFIXES, "networkd unit", seenNames));
        String contents = present(u, "contents").flatMap(YamlValue::string).orElse(null);
        List<Dropin> dropins = dropins(u);
        return name.map(n -> new NetworkdUnit(n, contents, dropins));
    }

    private List<Dropin> dropins(Map<String, YamlValue> unit) {
        List<Dropin> dropins = new ArrayList<>();
        Map<String, YamlValue> seenNames = new HashMap<>();
        each(unit, "dropins", value -> {
            Map<String, YamlValue> d = value.mapping(Set.of("name", "contents")).orElse(null);
            if (d == null) {
                return Optional.empty();
            }
            Optional<String> name = required(value, d, "name");
            name.ifPresent(n -> checkName(d.get("name"), n, Set.of(".conf"), "drop-in", seenNames));
            String contents = present(d, "contents").flatMap(YamlValue::string).orElse(null);
            return name.map(n -> new Dropin(n, contents));
        }, dropins);
        return dropins;
    }

    private Optional<User> user(YamlValue value) {
        Map<String, YamlValue> u = value.mapping(Set.of("name", "password_hash", "ssh_authorized_keys", "uid", "gecos",
                "home_dir", "no_create_home", "primary_group", "groups", "no_user_group", "no_log_init", "shell",
                "system", "create")).orElse(null);
        if (u == null) {
            return Optional.empty();
        }
        present(u, "create").ifPresent(c -> c.error("'create' is deprecated and has no equivalent in Ignition 3; "
                + "put its fields on the user itself"));
        Optional<String> name = required(value, u, "name");
        return name.map(n -> new User(n,
                str(u, "password_hash"), strings(u, "ssh_authorized_keys"),
                present(u, "uid").flatMap(YamlValue::integer).orElse(null),
                str(u, "gecos"), str(u, "home_dir"), bool(u, "no_create_home"), str(u, "primary_group"),
                strings(u, "groups"), bool(u, "no_user_group"), bool(u, "no_log_init"), str(u, "shell"),
                bool(u, "system")));
    }

    private Optional<Group> group(YamlValue value) {
        Map<String, YamlValue> g = value.mapping(Set.of("name", "gid", "password_hash", "system")).orElse(null);
        if (g == null) {
            return Optional.empty();
        }
        Optional<String> name = required(value, g, "name");
        return name.map(n -> new Group(n, present(g, "gid").flatMap(YamlValue::integer).orElse(null),
                str(g, "password_hash"), bool(g, "system")));
    }

    private static void checkName(YamlValue value, String name, Set<String> suffixes, String what,
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
}
