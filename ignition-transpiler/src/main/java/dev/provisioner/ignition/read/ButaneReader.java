package dev.provisioner.ignition.read;

import static dev.provisioner.ignition.yaml.Fields.bool;
import static dev.provisioner.ignition.yaml.Fields.each;
import static dev.provisioner.ignition.yaml.Fields.integer;
import static dev.provisioner.ignition.yaml.Fields.present;
import static dev.provisioner.ignition.yaml.Fields.required;
import static dev.provisioner.ignition.yaml.Fields.str;
import static dev.provisioner.ignition.yaml.Fields.strings;

import dev.provisioner.ignition.model.Config;
import dev.provisioner.ignition.model.Contents;
import dev.provisioner.ignition.model.DataUrls;
import dev.provisioner.ignition.model.Directory;
import dev.provisioner.ignition.model.Disk;
import dev.provisioner.ignition.model.File;
import dev.provisioner.ignition.model.Filesystem;
import dev.provisioner.ignition.model.FsNode;
import dev.provisioner.ignition.model.Group;
import dev.provisioner.ignition.model.IgnitionSection;
import dev.provisioner.ignition.model.Link;
import dev.provisioner.ignition.model.Luks;
import dev.provisioner.ignition.model.Owner;
import dev.provisioner.ignition.model.Raid;
import dev.provisioner.ignition.model.Reference;
import dev.provisioner.ignition.model.Target;
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

/**
 * Reads a Butane config ({@code variant: flatcar} 1.0.0 and 1.1.0, {@code variant: fcos} 1.4.0 and 1.5.0) into
 * the model. Butane is Ignition 3 in YAML, so its values keep Ignition 3's defaults. The keys this version
 * cannot carry yet (fcos boot_device) are errors that say so, never dropped.
 */
public final class ButaneReader {

    /**
     * The compression Butane writes for contents it encodes itself (inline, local): none, said explicitly, so that a
     * child config merged over it does not inherit its parent's.
     */
    private static final String INLINE = "";

    private static final Map<String, String> SPECS = Map.of("flatcar 1.0.0", "3.3.0", "flatcar 1.1.0", "3.4.0",
            "fcos 1.4.0", "3.3.0", "fcos 1.5.0", "3.4.0");
    private static final String NOT_YET = "is not supported by this version of the transpiler yet";

    /** A Butane config read: the model, and the Ignition spec its variant and version produce. */
    public record Result(Config config, String spec) {
    }

    private final LocalFiles localFiles;
    /** Set per read: what the output spec can carry depends on the document's own variant and version. */
    private Target target;
    /** Set per read: Butane's flatcar variant refuses what Flatcar lacks (clevis). */
    private boolean flatcar;
    private CommonParts common;

    public ButaneReader(Optional<Path> filesDir) {
        this.localFiles = new LocalFiles(filesDir);
    }

    /** Empty when the variant and version are missing or unknown (and so said). */
    public Optional<Result> read(YamlValue root) {
        Map<String, YamlValue> top = root.mapping(Set.of("variant", "version", "ignition", "storage", "systemd",
                "passwd", "kernel_arguments", "boot_device")).orElse(Map.of());
        Optional<String> variant = required(root, top, "variant");
        Optional<String> version = required(root, top, "version");
        if (variant.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        String spec = SPECS.get(variant.get() + " " + version.get());
        if (spec == null) {
            top.get("version").error("Butane " + variant.get() + " " + version.get() + " is not supported; supported: "
                    + String.join(", ", SPECS.keySet().stream().sorted().toList()));
            return Optional.empty();
        }
        target = new Target(spec);
        flatcar = variant.get().equals("flatcar");
        common = new CommonParts(target, CommonParts.Dialect.BUTANE, localFiles);
        CommonParts.refuse(top, Map.of("boot_device", "boot_device " + NOT_YET));
        Config.KernelArguments kernelArguments = present(top, "kernel_arguments")
                .flatMap(k -> k.mapping(Set.of("should_exist", "should_not_exist")))
                .map(k -> new Config.KernelArguments(strings(k, "should_exist"), strings(k, "should_not_exist")))
                .orElse(Config.KernelArguments.NONE);
        IgnitionSection ignition = present(top, "ignition").map(this::ignition).orElse(IgnitionSection.NONE);
        List<Disk> disks = new ArrayList<>();
        List<Raid> raid = new ArrayList<>();
        List<Luks> luks = new ArrayList<>();
        List<Filesystem> filesystems = new ArrayList<>();
        List<File> files = new ArrayList<>();
        List<Unit> mountUnits = new ArrayList<>();
        List<Directory> directories = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        present(top, "storage").flatMap(s -> s.mapping(Set.of("disks", "raid", "filesystems", "files", "directories",
                "links", "trees", "luks"))).ifPresent(storage -> {
                    each(storage, "disks", this::disk, disks);
                    each(storage, "raid", this::raid, raid);
                    each(storage, "luks", this::luks, luks);
                    each(storage, "filesystems", v -> filesystem(v, mountUnits), filesystems);
                    Map<String, YamlValue> seenPaths = new HashMap<>();
                    each(storage, "files", v -> file(v, seenPaths), files);
                    each(storage, "directories", v -> directory(v, seenPaths), directories);
                    each(storage, "links", v -> link(v, seenPaths), links);
                    present(storage, "trees").flatMap(YamlValue::sequence)
                            .ifPresent(trees -> trees.forEach(tree -> tree(tree, seenPaths, files, links)));
                });
        List<Unit> units = new ArrayList<>();
        Map<String, YamlValue> unitNames = new HashMap<>();
        present(top, "systemd").flatMap(s -> s.mapping(Set.of("units")))
                .ifPresent(systemd -> each(systemd, "units", v -> common.unit(v, unitNames), units));
        for (Unit mount : mountUnits) {
            Optional.ofNullable(unitNames.get(mount.name())).ifPresent(own -> own.error(mount.name()
                    + " is also generated by with_mount_unit"));
        }
        units.addAll(mountUnits);
        List<User> users = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        present(top, "passwd").flatMap(p -> p.mapping(Set.of("users", "groups"))).ifPresent(passwd -> {
            each(passwd, "users", common::user, users);
            each(passwd, "groups", common::group, groups);
        });
        return Optional.of(new Result(new Config(Config.Origin.BUTANE, ignition, disks, raid, luks, filesystems, files,
                directories, links, units, List.of(), users, groups, kernelArguments), spec));
    }

    private IgnitionSection ignition(YamlValue value) {
        Map<String, YamlValue> ignition = value.mapping(Set.of("config", "timeouts", "security", "proxy")).orElse(Map.of());
        IgnitionSection.Proxy proxy = present(ignition, "proxy")
                .flatMap(p -> p.mapping(Set.of("http_proxy", "https_proxy", "no_proxy")))
                .map(p -> new IgnitionSection.Proxy(str(p, "http_proxy"), str(p, "https_proxy"), strings(p, "no_proxy")))
                .orElse(null);
        List<Reference> merge = new ArrayList<>();
        Reference[] replace = {null};
        present(ignition, "config").flatMap(c -> c.mapping(Set.of("merge", "replace"))).ifPresent(config -> {
            each(config, "merge", v -> resource(v).map(ButaneReader::reference), merge);
            present(config, "replace").flatMap(this::resource).ifPresent(r -> replace[0] = reference(r));
        });
        Map<String, YamlValue> timeouts = present(ignition, "timeouts")
                .flatMap(t -> t.mapping(Set.of("http_response_headers", "http_total"))).orElse(Map.of());
        List<Reference> authorities = new ArrayList<>();
        present(ignition, "security").flatMap(s -> s.mapping(Set.of("tls"))).flatMap(s -> present(s, "tls"))
                .flatMap(t -> t.mapping(Set.of("certificate_authorities")))
                .ifPresent(tls -> each(tls, "certificate_authorities", v -> resource(v).map(ButaneReader::reference), authorities));
        return new IgnitionSection(merge, replace[0], integer(timeouts, "http_response_headers"),
                integer(timeouts, "http_total"), authorities, proxy);
    }

    private static Reference reference(Contents contents) {
        return new Reference(contents.source(), contents.hash(), contents.httpHeaders(), contents.compression());
    }

    /** A Butane resource: exactly one of source, inline and local, with compression and verification. */
    private Optional<Contents> resource(YamlValue value) {
        Map<String, YamlValue> r = value.mapping(Set.of("source", "inline", "local", "compression", "verification",
                "http_headers")).orElse(null);
        if (r == null) {
            return Optional.empty();
        }
        List<Contents.Header> headers = new ArrayList<>();
        each(r, "http_headers", h -> h.mapping(Set.of("name", "value"))
                .flatMap(header -> required(h, header, "name").map(n -> new Contents.Header(n, str(header, "value")))),
                headers);
        List<String> given = List.of("source", "inline", "local").stream().filter(k -> present(r, k).isPresent()).toList();
        if (given.size() > 1) {
            value.error("two content sources (" + String.join(" and ", given) + "); give exactly one");
            return Optional.empty();
        }
        String compression = str(r, "compression");
        if (compression != null && !given.equals(List.of("source"))) {
            r.get("compression").error("compression describes a source; inline and local contents are given as they are");
            return Optional.empty();
        }
        String hash = present(r, "verification").flatMap(v -> v.mapping(Set.of("hash")))
                .flatMap(v -> present(v, "hash")).flatMap(this::hash).orElse(null);
        if (!headers.isEmpty() && !given.equals(List.of("source"))) {
            r.get("http_headers").error("http_headers go with a source to fetch");
            return Optional.empty();
        }
        if (given.isEmpty()) {
            return Optional.of(new Contents(DataUrls.of(new byte[0]), null, hash));
        }
        Optional<String> source = switch (given.get(0)) {
            case "inline" -> r.get("inline").string().map(t -> DataUrls.of(t.getBytes(StandardCharsets.UTF_8)));
            case "local" -> localFiles.read(r.get("local")).map(DataUrls::of);
            default -> r.get("source").string();
        };
        return source.map(s -> new Contents(s, given.equals(List.of("source")) ? compression : INLINE, hash, headers));
    }

    private Optional<String> hash(YamlValue value) {
        Optional<String> hash = value.string();
        if (hash.isPresent() && !hash.get().matches("sha512-[0-9a-fA-F]{128}|sha256-[0-9a-fA-F]{64}")) {
            value.error("'" + hash.get() + "' is not a hash such as sha512-<128 hex digits> or sha256-<64 hex digits>");
            return Optional.empty();
        }
        return hash;
    }

    private Optional<File> file(YamlValue value, Map<String, YamlValue> seenPaths) {
        Map<String, YamlValue> f = value.mapping(Set.of("path", "overwrite", "contents", "append", "mode", "user",
                "group")).orElse(null);
        if (f == null) {
            return Optional.empty();
        }
        Optional<FsNode> node = node(value, f, seenPaths);
        Optional<Integer> mode = present(f, "mode").flatMap(common::mode);
        Optional<Contents> contents = present(f, "contents").flatMap(this::resource);
        List<Contents> append = new ArrayList<>();
        each(f, "append", this::resource, append);
        return node.map(n -> new File(n, mode.orElse(null), contents.orElse(null), append));
    }

    private Optional<Directory> directory(YamlValue value, Map<String, YamlValue> seenPaths) {
        Map<String, YamlValue> d = value.mapping(Set.of("path", "overwrite", "mode", "user", "group")).orElse(null);
        if (d == null) {
            return Optional.empty();
        }
        Optional<Integer> mode = present(d, "mode").flatMap(common::mode);
        return node(value, d, seenPaths).map(n -> new Directory(n, mode.orElse(null)));
    }

    private Optional<Link> link(YamlValue value, Map<String, YamlValue> seenPaths) {
        Map<String, YamlValue> l = value.mapping(Set.of("path", "overwrite", "target", "hard", "user", "group")).orElse(null);
        if (l == null) {
            return Optional.empty();
        }
        Optional<String> target = required(value, l, "target");
        Optional<FsNode> node = node(value, l, seenPaths);
        return node.flatMap(n -> target.map(t -> new Link(n, t, bool(l, "hard"))));
    }

    private Optional<FsNode> node(YamlValue entry, Map<String, YamlValue> fields, Map<String, YamlValue> seenPaths) {
        Optional<String> path = required(entry, fields, "path");
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (!path.get().startsWith("/")) {
            fields.get("path").error("the path '" + path.get() + "' is relative; paths must be absolute");
            return Optional.empty();
        }
        YamlValue first = seenPaths.putIfAbsent(path.get(), fields.get("path"));
        if (first != null) {
            fields.get("path").error("the path " + path.get() + " is already used (line " + first.line() + ")");
        }
        Owner user = present(fields, "user").map(common::owner).orElse(Owner.NONE);
        Owner group = present(fields, "group").map(common::owner).orElse(Owner.NONE);
        return Optional.of(new FsNode("root", "/", path.get(), bool(fields, "overwrite"), user, group));
    }

    /**
     * A directory of the files directory copied into the machine, as Butane does: regular files (0755 when
     * executable, else 0644) and symlinks, under the tree's path.
     */
    private void tree(YamlValue value, Map<String, YamlValue> seenPaths, List<File> files, List<Link> links) {
        Map<String, YamlValue> t = value.mapping(Set.of("local", "path")).orElse(null);
        if (t == null || present(t, "local").isEmpty()) {
            if (t != null) {
                value.error("'local' is required");
            }
            return;
        }
        String destination = present(t, "path").flatMap(YamlValue::string).orElse("/");
        if (!destination.startsWith("/")) {
            t.get("path").error("the path '" + destination + "' is relative; paths must be absolute");
            return;
        }
        localFiles.directory(t.get("local")).ifPresent(root -> {
            List<Path> entries;
            try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
                entries = walk.filter(p -> !p.equals(root)).sorted().toList();
            } catch (IOException e) {
                t.get("local").error("cannot read the tree: " + e.getMessage());
                return;
            }
            for (Path entry : entries) {
                String path = (destination.endsWith("/") ? destination : destination + "/")
                        + root.relativize(entry).toString().replace('\\', '/');
                if (Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                // as Butane does: a file entry of the config without contents lends its mode and owners to the tree's
                int partial = indexOfPartialFile(files, path);
                YamlValue first = seenPaths.putIfAbsent(path, t.get("local"));
                if (first != null && !(partial >= 0 && Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                    t.get("local").error("the tree's " + path + " is already used (line " + first.line() + ")");
                    continue;
                }
                FsNode node = new FsNode("root", "/", path, null, Owner.NONE, Owner.NONE);
                try {
                    if (Files.isSymbolicLink(entry)) {
                        links.add(new Link(node, Files.readSymbolicLink(entry).toString(), null));
                    } else if (Files.isRegularFile(entry)) {
                        Contents contents = new Contents(DataUrls.of(Files.readAllBytes(entry)), INLINE, null);
                        int mode = Files.isExecutable(entry) ? 0755 : 0644;
                        if (partial >= 0) {
                            File own = files.get(partial);
                            files.set(partial, new File(own.node(), own.mode() != null ? own.mode() : mode, contents, List.of()));
                        } else {
                            files.add(new File(node, mode, contents, List.of()));
                        }
                    } else {
                        t.get("local").error(path + " in the tree is neither a file, a directory nor a link");
                    }
                } catch (IOException e) {
                    t.get("local").error("cannot read " + entry + ": " + e.getMessage());
                }
            }
        });
    }

    private static int indexOfPartialFile(List<File> files, String path) {
        for (int i = 0; i < files.size(); i++) {
            File file = files.get(i);
            if (file.node().absolutePath().equals(path) && file.contents() == null && !file.appends()) {
                return i;
            }
        }
        return -1;
    }

    private Optional<Disk> disk(YamlValue value) {
        return value.mapping(Set.of("device", "wipe_table", "partitions")).flatMap(d -> {
            List<Disk.Partition> partitions = new ArrayList<>();
            each(d, "partitions", p -> p.mapping(Set.of("label", "number", "size_mib", "start_mib", "type_guid", "guid",
                    "wipe_partition_entry", "should_exist", "resize")).map(part -> new Disk.Partition(str(part, "label"),
                            integer(part, "number"), sectors(integer(part, "size_mib")), sectors(integer(part, "start_mib")),
                            str(part, "type_guid"), str(part, "guid"), bool(part, "wipe_partition_entry"),
                            bool(part, "should_exist"), bool(part, "resize"))), partitions);
            return required(value, d, "device").map(device -> new Disk(device, bool(d, "wipe_table"), partitions));
        });
    }

    /** The unit Butane generates for {@code with_mount_unit} (a .mount, or a .swap for swap), with its text. */
    private static Optional<Unit> mountUnit(Map<String, YamlValue> f, String device, String format) {
        List<String> options = strings(f, "mount_options");
        if (format.equals("swap")) {
            StringBuilder swap = new StringBuilder("# Generated by Butane\n[Swap]\nWhat=").append(device);
            if (!options.isEmpty()) {
                swap.append("\nOptions=").append(String.join(",", options));
            }
            swap.append("\n\n[Install]\nRequiredBy=swap.target");
            return Optional.of(new Unit(SystemdEscape.path(device) + ".swap", true, null, swap.toString(), List.of()));
        }
        String path = str(f, "path");
        if (path == null) {
            f.get("with_mount_unit").error("with_mount_unit needs the filesystem's path");
            return Optional.empty();
        }
        String fsck = "systemd-fsck@" + SystemdEscape.path(device) + ".service";
        StringBuilder unit = new StringBuilder("# Generated by Butane\n[Unit]\n")
                .append("Requires=").append(fsck).append('\n').append("After=").append(fsck).append("\n\n")
                .append("[Mount]\nWhere=").append(path).append("\nWhat=").append(device).append("\nType=").append(format);
        if (!options.isEmpty()) {
            unit.append("\nOptions=").append(String.join(",", options));
        }
        unit.append("\n\n[Install]\nRequiredBy=local-fs.target");
        return Optional.of(new Unit(SystemdEscape.path(path) + ".mount", true, null, unit.toString(), List.of()));
    }

    private Optional<Luks> luks(YamlValue value) {
        return value.mapping(Set.of("name", "device", "key_file", "label", "uuid", "options", "wipe_volume", "clevis",
                "discard", "open_options")).flatMap(l -> {
                    for (String newer : List.of("discard", "open_options")) {
                        present(l, newer).filter(v -> !target.atLeast("3.4.0")).ifPresent(v -> v.error(newer
                                + " needs Ignition 3.4.0 (Butane flatcar 1.1.0 or fcos 1.5.0)"));
                    }
                    Optional<String> name = required(value, l, "name");
                    Optional<String> device = required(value, l, "device");
                    Contents keyFile = present(l, "key_file").flatMap(this::resource).orElse(null);
                    // as Butane, which refuses what clevis would put into the output: an empty one puts nothing
                    present(l, "clevis").filter(v -> flatcar && !v.isEmptyMapping()).ifPresent(v -> v.error("clevis is not supported by "
                            + "Butane's flatcar variant (Flatcar has no clevis): unlock the volume with a key_file"));
                    Luks.Clevis clevis = present(l, "clevis").filter(v -> !flatcar).flatMap(this::clevis).orElse(null);
                    return name.flatMap(n -> device.map(d -> new Luks(n, d, keyFile, str(l, "label"), str(l, "uuid"),
                            strings(l, "options"), bool(l, "wipe_volume"), clevis, bool(l, "discard"),
                            strings(l, "open_options"))));
                });
    }

    private Optional<Luks.Clevis> clevis(YamlValue value) {
        return value.mapping(Set.of("tang", "tpm2", "threshold", "custom")).map(c -> {
            List<Luks.Tang> tang = new ArrayList<>();
            each(c, "tang", t -> t.mapping(Set.of("url", "thumbprint", "advertisement")).flatMap(server -> {
                present(server, "advertisement").filter(v -> !target.atLeast("3.4.0")).ifPresent(v -> v.error(
                        "a tang advertisement needs Ignition 3.4.0 (Butane flatcar 1.1.0 or fcos 1.5.0)"));
                return required(t, server, "url").map(url -> new Luks.Tang(url, str(server, "thumbprint"),
                        str(server, "advertisement")));
            }), tang);
            Luks.Custom custom = present(c, "custom").flatMap(x -> x.mapping(Set.of("pin", "config", "needs_network")))
                    .map(x -> new Luks.Custom(str(x, "pin"), str(x, "config"), bool(x, "needs_network"))).orElse(null);
            return new Luks.Clevis(tang, bool(c, "tpm2"), integer(c, "threshold"), custom);
        });
    }

    private static Long sectors(Long mebibytes) {
        return mebibytes == null ? null : mebibytes * 2048;
    }

    private Optional<Raid> raid(YamlValue value) {
        return value.mapping(Set.of("name", "level", "devices", "spares", "options")).flatMap(r -> {
            Optional<String> name = required(value, r, "name");
            Optional<String> level = required(value, r, "level");
            return name.flatMap(n -> level.map(l -> new Raid(n, l, strings(r, "devices"), integer(r, "spares"),
                    strings(r, "options"))));
        });
    }

    private Optional<Filesystem> filesystem(YamlValue value, List<Unit> mountUnits) {
        return value.mapping(Set.of("device", "format", "path", "wipe_filesystem", "label", "uuid", "options",
                "mount_options", "with_mount_unit")).flatMap(f -> {
                    Optional<String> device = required(value, f, "device");
                    Optional<String> format = required(value, f, "format");
                    if (Boolean.TRUE.equals(bool(f, "with_mount_unit")) && device.isPresent() && format.isPresent()) {
                        mountUnit(f, device.get(), format.get()).ifPresent(mountUnits::add);
                    }
                    return device.flatMap(d -> format.map(fmt -> new Filesystem(null, d, fmt, bool(f, "wipe_filesystem"),
                            str(f, "label"), str(f, "uuid"), strings(f, "options"), str(f, "path"),
                            strings(f, "mount_options"))));
                });
    }
}
