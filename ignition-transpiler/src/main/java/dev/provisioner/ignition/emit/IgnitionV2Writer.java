package dev.provisioner.ignition.emit;

import static dev.provisioner.ignition.emit.JsonParts.JSON;
import static dev.provisioner.ignition.emit.JsonParts.owner;
import static dev.provisioner.ignition.emit.JsonParts.putArray;
import static dev.provisioner.ignition.emit.JsonParts.putIfSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioner.ignition.model.Config;
import dev.provisioner.ignition.model.Contents;
import dev.provisioner.ignition.model.Directory;
import dev.provisioner.ignition.model.Disk;
import dev.provisioner.ignition.model.File;
import dev.provisioner.ignition.model.Filesystem;
import dev.provisioner.ignition.model.FsNode;
import dev.provisioner.ignition.model.IgnitionSection;
import dev.provisioner.ignition.model.Link;
import dev.provisioner.ignition.model.NetworkdUnit;
import dev.provisioner.ignition.model.Reference;
import dev.provisioner.ignition.model.Unit;

/**
 * Writes the model as Ignition 2.3.0 JSON, as {@code ct} writes it for old Container Linux: files name their
 * filesystem, networkd units are native, partition sizes count sectors. The shape is that of Go's encoding of ct's
 * types: a section or a struct is written even when empty ({@code "storage": {}}, {@code "verification": {}}), and
 * a plain boolean that is false is not (what Go declares {@code bool} with {@code omitempty}; its {@code *bool}s keep
 * an explicit false).
 */
public final class IgnitionV2Writer {

    /** 0644 and 0755: what ct gives a file or directory whose mode the config leaves out. */
    private static final long DEFAULT_FILE_MODE = 0644;
    private static final long DEFAULT_DIRECTORY_MODE = 0755;

    public ObjectNode write(Config config) {
        ObjectNode root = JSON.objectNode();
        ignition(root.putObject("ignition"), config.ignition());
        ObjectNode storage = JSON.objectNode();
        putArray(storage, "disks", config.disks().stream().map(IgnitionV2Writer::disk).toList());
        putArray(storage, "raid", config.raid().stream().map(r -> withoutZero(JsonParts.raid(r), "spares")).toList());
        putArray(storage, "filesystems", config.filesystems().stream().map(IgnitionV2Writer::filesystem).toList());
        putArray(storage, "files", config.files().stream().map(IgnitionV2Writer::file).toList());
        putArray(storage, "directories", config.directories().stream().map(IgnitionV2Writer::directory).toList());
        putArray(storage, "links", config.links().stream().map(IgnitionV2Writer::link).toList());
        root.set("storage", storage);
        ObjectNode systemd = JSON.objectNode();
        putArray(systemd, "units", config.units().stream().map(IgnitionV2Writer::unit).toList());
        root.set("systemd", systemd);
        ObjectNode networkd = JSON.objectNode();
        putArray(networkd, "units", config.networkdUnits().stream().map(IgnitionV2Writer::networkdUnit).toList());
        root.set("networkd", networkd);
        ObjectNode passwd = JSON.objectNode();
        putArray(passwd, "users", config.users().stream().map(u -> withoutZero(JsonParts.user(u), "noCreateHome",
                "noUserGroup", "noLogInit", "system", "gecos", "homeDir", "primaryGroup", "shell")).toList());
        putArray(passwd, "groups", config.groups().stream()
                .map(g -> withoutZero(JsonParts.group(g), "system", "passwordHash")).toList());
        root.set("passwd", passwd);
        return root;
    }

    private static void ignition(ObjectNode json, IgnitionSection ignition) {
        json.put("version", "2.3.0");
        ObjectNode config = JSON.objectNode();
        putArray(config, "append", ignition.merge().stream().map(IgnitionV2Writer::reference).toList());
        if (ignition.replace() != null) {
            config.set("replace", reference(ignition.replace()));
        }
        json.set("config", config);
        ObjectNode timeouts = JSON.objectNode();
        putIfSet(timeouts, "httpResponseHeaders", ignition.httpResponseHeaders());
        putIfSet(timeouts, "httpTotal", ignition.httpTotal());
        json.set("timeouts", timeouts);
        ObjectNode tls = json.putObject("security").putObject("tls");
        putArray(tls, "certificateAuthorities",
                ignition.certificateAuthorities().stream().map(IgnitionV2Writer::reference).toList());
    }

    /** A config or CA reference: its verification is written even without a hash. */
    private static ObjectNode reference(Reference reference) {
        ObjectNode json = JsonParts.reference(reference);
        if (!json.has("verification")) {
            json.putObject("verification");
        }
        return json;
    }

    /**
     * Go's {@code omitempty} on a plain {@code bool}, {@code string} or {@code int} of ct's types: false, "" and 0 are
     * not written ({@code *bool}, {@code *string} and {@code *int} fields keep them, and are not named here).
     */
    private static ObjectNode withoutZero(ObjectNode json, String... fields) {
        for (String field : fields) {
            JsonNode value = json.get(field);
            if (value != null && (value.isBoolean() && !value.asBoolean() || value.isTextual() && value.asText().isEmpty()
                    || value.isNumber() && value.asLong() == 0)) {
                json.remove(field);
            }
        }
        return json;
    }

    private static ObjectNode disk(Disk disk) {
        ObjectNode json = JSON.objectNode().put("device", disk.device());
        putIfSet(json, "wipeTable", Boolean.TRUE.equals(disk.wipeTable()) ? Boolean.TRUE : null);
        ArrayNode partitions = JSON.arrayNode();
        for (Disk.Partition p : disk.partitions()) {
            ObjectNode partition = JSON.objectNode();
            putIfSet(partition, "label", p.label());
            putIfSet(partition, "number", p.number());
            putIfSet(partition, "size", p.sizeSectors());
            putIfSet(partition, "start", p.startSectors());
            putIfSet(partition, "typeGuid", p.typeGuid());
            putIfSet(partition, "guid", p.guid());
            partitions.add(withoutZero(partition, "number", "typeGuid", "guid"));
        }
        if (!partitions.isEmpty()) {
            json.set("partitions", partitions);
        }
        return json;
    }

    private static ObjectNode filesystem(Filesystem filesystem) {
        ObjectNode json = JSON.objectNode().put("name", filesystem.name());
        ObjectNode mount = json.putObject("mount").put("device", filesystem.device()).put("format", filesystem.format());
        putIfSet(mount, "wipeFilesystem", Boolean.TRUE.equals(filesystem.wipeFilesystem()) ? Boolean.TRUE : null);
        putIfSet(mount, "label", filesystem.label());
        putIfSet(mount, "uuid", filesystem.uuid());
        if (!filesystem.options().isEmpty()) {
            ArrayNode options = mount.putArray("options");
            filesystem.options().forEach(options::add);
        }
        return json;
    }

    private static ObjectNode file(File file) {
        ObjectNode json = node(file.node());
        // a Container Linux Config file has either contents or one appended piece, never both
        json.set("contents", contents(file.appends() ? file.append().get(0) : file.contents()));
        // ct writes the default it warns about
        json.put("mode", file.mode() != null ? file.mode() : DEFAULT_FILE_MODE);
        if (file.appends()) {
            json.put("append", true);
        }
        return json;
    }

    private static ObjectNode directory(Directory directory) {
        ObjectNode json = node(directory.node());
        json.put("mode", directory.mode() != null ? directory.mode() : DEFAULT_DIRECTORY_MODE);
        return json;
    }

    private static ObjectNode link(Link link) {
        ObjectNode json = node(link.node());
        putIfSet(json, "hard", Boolean.TRUE.equals(link.hard()) ? Boolean.TRUE : null);
        json.put("target", link.target());
        return json;
    }

    private static ObjectNode node(FsNode node) {
        ObjectNode json = JSON.objectNode().put("filesystem", node.filesystem()).put("path", node.path());
        putIfSet(json, "overwrite", node.overwrite());
        owner(json, "user", node.user());
        owner(json, "group", node.group());
        return json;
    }

    private static ObjectNode contents(Contents contents) {
        ObjectNode json = JSON.objectNode();
        putIfSet(json, "compression", contents.compression());
        json.put("source", contents.source());
        ObjectNode verification = json.putObject("verification");
        if (contents.hash() != null) {
            verification.put("hash", contents.hash());
        }
        return withoutZero(json, "compression", "source");
    }

    private static ObjectNode unit(Unit unit) {
        ObjectNode json = JSON.objectNode().put("name", unit.name());
        putIfSet(json, "enable", unit.enable() ? Boolean.TRUE : null);
        putIfSet(json, "enabled", unit.enabled());
        putIfSet(json, "mask", Boolean.TRUE.equals(unit.mask()) ? Boolean.TRUE : null);
        putIfSet(json, "contents", unit.contents());
        putArray(json, "dropins", unit.dropins().stream().map(d -> withoutZero(JsonParts.dropin(d), "contents")).toList());
        return withoutZero(json, "contents");
    }

    private static ObjectNode networkdUnit(NetworkdUnit unit) {
        ObjectNode json = JSON.objectNode().put("name", unit.name());
        putIfSet(json, "contents", unit.contents());
        putArray(json, "dropins", unit.dropins().stream().map(d -> withoutZero(JsonParts.dropin(d), "contents")).toList());
        return withoutZero(json, "contents");
    }
}
