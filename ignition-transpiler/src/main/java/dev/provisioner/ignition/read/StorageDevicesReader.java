package dev.provisioner.ignition.read;

import static dev.provisioner.ignition.yaml.Fields.present;
import static dev.provisioner.ignition.yaml.Fields.required;
import static dev.provisioner.ignition.yaml.Fields.strings;

import dev.provisioner.ignition.model.Disk;
import dev.provisioner.ignition.model.Filesystem;
import dev.provisioner.ignition.model.Raid;
import dev.provisioner.ignition.model.Target;
import dev.provisioner.ignition.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code storage.disks}, {@code storage.raid} and {@code storage.filesystems} of a Container Linux Config. */
final class StorageDevicesReader {

    private static final long MIB = 1024 * 1024;
    /** ct's sizes: a number with an optional base-2 unit (KiB/MiB/GiB/TiB; KB/MB/GB/TB mean the same multiples). */
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?");
    private static final Set<String> RAID_LEVELS = Set.of("linear", "raid0", "0", "stripe", "raid1", "1", "mirror",
            "raid4", "4", "raid5", "5", "raid6", "6", "raid10", "10");

    private final Map<String, YamlValue> filesystemNames = new HashMap<>();
    private final Target target;

    StorageDevicesReader(Target target) {
        this.target = target;
    }

    /** The mount path of each filesystem read so far, by name; {@code root} is always {@code /}. */
    Map<String, Optional<String>> mountPaths(List<Filesystem> filesystems) {
        Map<String, Optional<String>> paths = new HashMap<>();
        paths.put("root", Optional.of("/"));
        filesystemNames.keySet().forEach(name -> paths.putIfAbsent(name, Optional.empty()));
        filesystems.forEach(f -> paths.put(f.name(), Optional.ofNullable(f.path())));
        return paths;
    }

    List<Disk> disks(YamlValue value) {
        List<Disk> disks = new ArrayList<>();
        value.sequence().ifPresent(items -> items.forEach(item -> item.mapping(Set.of("device", "wipe_table", "partitions"))
                .ifPresent(d -> {
                    Optional<String> device = required(item, d, "device");
                    Boolean wipe = present(d, "wipe_table").flatMap(YamlValue::bool).orElse(null);
                    List<Disk.Partition> partitions = new ArrayList<>();
                    present(d, "partitions").flatMap(YamlValue::sequence).ifPresent(ps -> ps.forEach(p -> partition(p)
                            .ifPresent(partitions::add)));
                    device.ifPresent(dev -> disks.add(new Disk(dev, wipe, partitions)));
                })));
        return disks;
    }

    private Optional<Disk.Partition> partition(YamlValue value) {
        return value.mapping(Set.of("label", "number", "size", "start", "type_guid", "guid")).map(p -> new Disk.Partition(
                present(p, "label").flatMap(YamlValue::string).orElse(null),
                present(p, "number").flatMap(YamlValue::integer).orElse(null),
                present(p, "size").flatMap(this::sectors).orElse(null),
                present(p, "start").flatMap(this::sectors).orElse(null),
                present(p, "type_guid").flatMap(YamlValue::string).orElse(null),
                present(p, "guid").flatMap(YamlValue::string).orElse(null), null, null, null));
    }

    /** ct counts 512-byte sectors, rounding up; 3.x counts MiB, so only whole MiB can be carried over there. */
    private Optional<Long> sectors(YamlValue value) {
        Optional<String> text = value.string();
        Matcher matcher = SIZE.matcher(text.orElse(""));
        if (!matcher.matches()) {
            value.error("'" + text.orElse("") + "' is not a size such as 512MiB or 4GiB");
            return Optional.empty();
        }
        long bytes = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2).replace("i", "");
        bytes *= switch (unit) {
            case "KB" -> 1024L;
            case "MB" -> MIB;
            case "GB" -> 1024 * MIB;
            case "TB" -> 1024 * 1024 * MIB;
            default -> 1L;
        };
        if (target.sizesInMib() && bytes % MIB != 0) {
            value.error("'" + text.get() + "' is not a whole number of MiB, which is what Ignition 3 counts in");
            return Optional.empty();
        }
        return Optional.of((bytes + 511) / 512);
    }

    List<Raid> raid(YamlValue value) {
        List<Raid> raid = new ArrayList<>();
        value.sequence().ifPresent(items -> items.forEach(item -> item.mapping(Set.of("name", "level", "devices", "spares"))
                .ifPresent(r -> {
                    Optional<String> name = required(item, r, "name");
                    Optional<String> level = required(item, r, "level");
                    level.filter(l -> !RAID_LEVELS.contains(l)).ifPresent(l -> r.get("level")
                            .error("unknown RAID level '" + l + "'"));
                    List<String> devices = new ArrayList<>();
                    present(r, "devices").flatMap(YamlValue::sequence)
                            .ifPresent(ds -> ds.forEach(d -> d.string().ifPresent(devices::add)));
                    if (devices.isEmpty()) {
                        item.error("a RAID array needs devices");
                    }
                    Long spares = present(r, "spares").flatMap(YamlValue::integer).orElse(null);
                    if (name.isPresent() && level.isPresent()) {
                        raid.add(new Raid(name.get(), level.get(), devices, spares, List.of()));
                    }
                })));
        return raid;
    }

    List<Filesystem> filesystems(YamlValue value) {
        List<Filesystem> filesystems = new ArrayList<>();
        value.sequence().ifPresent(items -> items.forEach(item -> item.mapping(Set.of("name", "mount", "path"))
                .ifPresent(f -> {
                    Optional<String> name = required(item, f, "name");
                    Optional<String> path = present(f, "path").flatMap(YamlValue::string);
                    path.filter(p -> !p.startsWith("/")).ifPresent(p -> f.get("path").error("'" + p + "' is relative; "
                            + "a filesystem's path (its mount point) must be absolute"));
                    name.ifPresent(n -> {
                        YamlValue first = filesystemNames.putIfAbsent(n, f.get("name"));
                        if (first != null) {
                            f.get("name").error("filesystem '" + n + "' is already defined (line " + first.line() + ")");
                        }
                    });
                    Optional<Map<String, YamlValue>> mount = present(f, "mount").flatMap(m -> m.mapping(Set.of("device",
                            "format", "wipe_filesystem", "label", "uuid", "options", "create")));
                    if (name.isEmpty() || mount.isEmpty()) {
                        if (name.isPresent() && !"root".equals(name.get())) {
                            item.error("filesystem '" + name.get() + "' has no mount section; Ignition 3 only creates "
                                    + "filesystems it can format");
                        }
                        return;
                    }
                    Map<String, YamlValue> m = mount.get();
                    Optional<String> device = required(f.get("mount"), m, "device");
                    Optional<String> format = required(f.get("mount"), m, "format");
                    Boolean wipe = present(m, "wipe_filesystem").flatMap(YamlValue::bool).orElse(null);
                    List<String> options = strings(m, "options");
                    Optional<Map<String, YamlValue>> create = present(m, "create").flatMap(c -> c.mapping(Set.of("force", "options")));
                    if (create.isPresent()) {
                        m.get("create").warning("'create' is deprecated; use wipe_filesystem and options");
                        boolean force = present(create.get(), "force").flatMap(YamlValue::bool).orElse(false);
                        if (!force) {
                            m.get("create").error("'create' without force: true cannot be translated to Ignition 3, "
                                    + "which always formats a filesystem it creates");
                        }
                        wipe = Boolean.TRUE;
                        options.addAll(strings(create.get(), "options"));
                    }
                    if (device.isPresent() && format.isPresent()) {
                        filesystems.add(new Filesystem(name.get(), device.get(), format.get(), wipe,
                                present(m, "label").flatMap(YamlValue::string).orElse(null),
                                present(m, "uuid").flatMap(YamlValue::string).orElse(null), options, path.orElse(null), List.of()));
                    }
                })));
        return filesystems;
    }
}
