package dev.provisioner.ignition.emit;

import static dev.provisioner.ignition.emit.JsonParts.JSON;
import static dev.provisioner.ignition.emit.JsonParts.owner;
import static dev.provisioner.ignition.emit.JsonParts.putArray;
import static dev.provisioner.ignition.emit.JsonParts.putIfSet;
import static dev.provisioner.ignition.emit.JsonParts.putObject;
import static dev.provisioner.ignition.emit.JsonParts.reference;

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
import dev.provisioner.ignition.model.Unit;

/**
 * Writes the model as Ignition 2.3.0 JSON, the format {@code ct} emits for old Container Linux: files name their
 * filesystem, networkd units are native, partition sizes count sectors. Empty objects ct writes are left out.
 */
public final class IgnitionV2Writer {

    public ObjectNode write(Config config) {
        ObjectNode root = JSON.objectNode();
        ignition(root.putObject("ignition"), config.ignition());
        ObjectNode storage = JSON.objectNode();
        putArray(storage, "disks", config.disks().stream().map(IgnitionV2Writer::disk).toList());
        putArray(storage, "raid", config.raid().stream().map(JsonParts::raid).toList());
        putArray(storage, "filesystems", config.filesystems().stream().map(IgnitionV2Writer::filesystem).toList());
        putArray(storage, "files", config.files().stream().map(IgnitionV2Writer::file).toList());
        putArray(storage, "directories", config.directories().stream().map(IgnitionV2Writer::directory).toList());
        putArray(storage, "links", config.links().stream().map(IgnitionV2Writer::link).toList());
        putObject(root, "storage", storage);
        ObjectNode systemd = JSON.objectNode();
        putArray(systemd, "units", config.units().stream().map(IgnitionV2Writer::unit).toList());
        putObject(root, "systemd", systemd);
        ObjectNode networkd = JSON.objectNode();
        putArray(networkd, "units", config.networkdUnits().stream().map(IgnitionV2Writer::networkdUnit).toList());
        putObject(root, "networkd", networkd);
        ObjectNode passwd = JSON.objectNode();
        putArray(passwd, "users", config.users().stream().map(JsonParts::user).toList());
        putArray(passwd, "groups", config.groups().stream().map(JsonParts::group).toList());
        putObject(root, "passwd", passwd);
        return root;
    }

    private static void ignition(ObjectNode json, IgnitionSection ignition) {
        json.put("version", "2.3.0");
        ObjectNode config = JSON.objectNode();
        putArray(config, "append", ignition.merge().stream().map(JsonParts::reference).toList());
        if (ignition.replace() != null) {
            config.set("replace", reference(ignition.replace()));
        }
        putObject(json, "config", config);
        ObjectNode timeouts = JSON.objectNode();
        putIfSet(timeouts, "httpResponseHeaders", ignition.httpResponseHeaders());
        putIfSet(timeouts, "httpTotal", ignition.httpTotal());
        putObject(json, "timeouts", timeouts);
        if (!ignition.certificateAuthorities().isEmpty()) {
            json.putObject("security").putObject("tls").putArray("certificateAuthorities")
                    .addAll(ignition.certificateAuthorities().stream().map(JsonParts::reference).toList());
        }
    }

    private static ObjectNode disk(Disk disk) {
        ObjectNode json = JSON.objectNode().put("device", disk.device());
        putIfSet(json, "wipeTable", disk.wipeTable());
        ArrayNode partitions = JSON.arrayNode();
        for (Disk.Partition p : disk.partitions()) {
            ObjectNode partition = partitions.addObject();
            putIfSet(partition, "label", p.label());
            putIfSet(partition, "number", p.number());
            putIfSet(partition, "size", p.sizeSectors());
            putIfSet(partition, "start", p.startSectors());
            putIfSet(partition, "typeGuid", p.typeGuid());
            putIfSet(partition, "guid", p.guid());
        }
        if (!partitions.isEmpty()) {
            json.set("partitions", partitions);
        }
        return json;
    }

    private static ObjectNode filesystem(Filesystem filesystem) {
        ObjectNode json = JSON.objectNode().put("name", filesystem.name());
        ObjectNode mount = json.putObject("mount").put("device", filesystem.device()).put("format", filesystem.format());
        putIfSet(mount, "wipeFilesystem", filesystem.wipeFilesystem());
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
        if (file.mode() != null) {
            json.put("mode", file.mode());
        }
        if (file.appends()) {
            json.put("append", true);
        }
        return json;
    }

    private static ObjectNode directory(Directory directory) {
        ObjectNode json = node(directory.node());
        if (directory.mode() != null) {
            json.put("mode", directory.mode());
        }
        return json;
    }

    private static ObjectNode link(Link link) {
        ObjectNode json = node(link.node());
        putIfSet(json, "hard", link.hard());
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
        if (contents.hash() != null) {
            json.putObject("verification").put("hash", contents.hash());
        }
        return json;
    }

    private static ObjectNode unit(Unit unit) {
        ObjectNode json = JSON.objectNode().put("name", unit.name());
        putIfSet(json, "enabled", unit.enabled());
        putIfSet(json, "mask", unit.mask());
        putIfSet(json, "contents", unit.contents());
        putArray(json, "dropins", unit.dropins().stream().map(JsonParts::dropin).toList());
        return json;
    }

    private static ObjectNode networkdUnit(NetworkdUnit unit) {
        ObjectNode json = JSON.objectNode().put("name", unit.name());
        putIfSet(json, "contents", unit.contents());
        putArray(json, "dropins", unit.dropins().stream().map(JsonParts::dropin).toList());
        return json;
    }

}
