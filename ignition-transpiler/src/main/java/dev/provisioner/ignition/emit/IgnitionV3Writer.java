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
import dev.provisioner.ignition.model.DataUrls;
import dev.provisioner.ignition.model.Directory;
import dev.provisioner.ignition.model.Disk;
import dev.provisioner.ignition.model.Dropin;
import dev.provisioner.ignition.model.File;
import dev.provisioner.ignition.model.Filesystem;
import dev.provisioner.ignition.model.FsNode;
import dev.provisioner.ignition.model.IgnitionSection;
import dev.provisioner.ignition.model.Link;
import dev.provisioner.ignition.model.Luks;
import dev.provisioner.ignition.model.NetworkdUnit;
import dev.provisioner.ignition.model.Owner;
import dev.provisioner.ignition.model.Unit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the model as Ignition 3.x JSON, following the standard 2.x-to-3.x translation: 2.x files overwrite
 * unless told otherwise, so they get {@code overwrite: true}; appended files get {@code overwrite: false} and
 * an {@code append} list. Networkd units, which 3.x no longer has, become files under /etc/systemd/network.
 * Absent values are left out.
 */
public final class IgnitionV3Writer {

    private static final int NETWORKD_MODE = 0644;

    private final String version;
    private Config.Origin origin;

    public IgnitionV3Writer(String version) {
        this.version = version;
    }

    public ObjectNode write(Config config) {
        origin = config.origin();
        ObjectNode root = JSON.objectNode();
        ignition(root.putObject("ignition"), config.ignition());
        List<File> files = new ArrayList<>(config.files());
        config.networkdUnits().forEach(unit -> files.addAll(networkdFiles(unit)));
        ObjectNode storage = JSON.objectNode();
        putArray(storage, "disks", config.disks().stream().map(IgnitionV3Writer::disk).toList());
        putArray(storage, "raid", config.raid().stream().map(JsonParts::raid).toList());
        putArray(storage, "luks", config.luks().stream().map(IgnitionV3Writer::luks).toList());
        putArray(storage, "filesystems", config.filesystems().stream().map(IgnitionV3Writer::filesystem).toList());
        putArray(storage, "files", files.stream().map(this::file).toList());
        putArray(storage, "directories", config.directories().stream().map(IgnitionV3Writer::directory).toList());
        putArray(storage, "links", config.links().stream().map(IgnitionV3Writer::link).toList());
        putObject(root, "storage", storage);
        ObjectNode systemd = JSON.objectNode();
        List<Unit> units = config.origin() == Config.Origin.CONTAINER_LINUX_CONFIG ? mergedByName(config.units())
                : config.units();
        putArray(systemd, "units", units.stream().map(IgnitionV3Writer::unit).toList());
        putObject(root, "systemd", systemd);
        ObjectNode passwd = JSON.objectNode();
        putArray(passwd, "users", config.users().stream().map(JsonParts::user).toList());
        putArray(passwd, "groups", config.groups().stream().map(JsonParts::group).toList());
        putObject(root, "passwd", passwd);
        ObjectNode kernelArguments = JSON.objectNode();
        JsonParts.strings(kernelArguments, "shouldExist", config.kernelArguments().shouldExist());
        JsonParts.strings(kernelArguments, "shouldNotExist", config.kernelArguments().shouldNotExist());
        putObject(root, "kernelArguments", kernelArguments);
        return root;
    }

    private void ignition(ObjectNode json, IgnitionSection ignition) {
        json.put("version", version);
        ObjectNode config = JSON.objectNode();
        putArray(config, "merge", ignition.merge().stream().map(JsonParts::reference).toList());
        if (ignition.replace() != null) {
            config.set("replace", reference(ignition.replace()));
        }
        putObject(json, "config", config);
        ObjectNode timeouts = JSON.objectNode();
        if (ignition.httpResponseHeaders() != null) {
            timeouts.put("httpResponseHeaders", ignition.httpResponseHeaders());
        }
        if (ignition.httpTotal() != null) {
            timeouts.put("httpTotal", ignition.httpTotal());
        }
        putObject(json, "timeouts", timeouts);
        if (!ignition.certificateAuthorities().isEmpty()) {
            json.putObject("security").putObject("tls").putArray("certificateAuthorities")
                    .addAll(ignition.certificateAuthorities().stream().map(JsonParts::reference).toList());
        }
        if (ignition.proxy() != null) {
            ObjectNode proxy = json.putObject("proxy");
            putIfSet(proxy, "httpProxy", ignition.proxy().httpProxy());
            putIfSet(proxy, "httpsProxy", ignition.proxy().httpsProxy());
            JsonParts.strings(proxy, "noProxy", ignition.proxy().noProxy());
        }
    }

    private static List<File> networkdFiles(NetworkdUnit unit) {
        List<File> files = new ArrayList<>();
        String directory = "/etc/systemd/network/";
        if (unit.contents() != null) {
            files.add(generated(directory + unit.name(), unit.contents()));
        }
        for (Dropin dropin : unit.dropins()) {
            files.add(generated(directory + unit.name() + ".d/" + dropin.name(),
                    dropin.contents() == null ? "" : dropin.contents()));
        }
        return files;
    }

    private static File generated(String path, String text) {
        return new File(new FsNode("root", "/", path, true, Owner.NONE, Owner.NONE), NETWORKD_MODE,
                new Contents(DataUrls.of(text.getBytes(StandardCharsets.UTF_8)), null, null), List.of());
    }

    private static ObjectNode disk(Disk disk) {
        ObjectNode json = JSON.objectNode().put("device", disk.device());
        if (disk.wipeTable() != null) {
            json.put("wipeTable", disk.wipeTable());
        }
        ArrayNode partitions = JSON.arrayNode();
        for (Disk.Partition p : disk.partitions()) {
            ObjectNode partition = partitions.addObject();
            putIfSet(partition, "label", p.label());
            putIfSet(partition, "number", p.number());
            putIfSet(partition, "sizeMiB", mebibytes(p.sizeSectors()));
            putIfSet(partition, "startMiB", mebibytes(p.startSectors()));
            putIfSet(partition, "typeGuid", p.typeGuid());
            putIfSet(partition, "guid", p.guid());
            putIfSet(partition, "wipePartitionEntry", p.wipePartitionEntry());
            putIfSet(partition, "shouldExist", p.shouldExist());
            putIfSet(partition, "resize", p.resize());
        }
        if (!partitions.isEmpty()) {
            json.set("partitions", partitions);
        }
        return json;
    }

    /** The reader has refused sizes that are not whole MiB when the target is 3.x. */
    private static Long mebibytes(Long sectors) {
        return sectors == null ? null : sectors / 2048;
    }

    private static ObjectNode luks(Luks luks) {
        ObjectNode json = JSON.objectNode().put("name", luks.name()).put("device", luks.device());
        if (luks.keyFile() != null) {
            json.set("keyFile", contents(luks.keyFile()));
        }
        putIfSet(json, "label", luks.label());
        putIfSet(json, "uuid", luks.uuid());
        JsonParts.strings(json, "options", luks.options());
        putIfSet(json, "wipeVolume", luks.wipeVolume());
        if (luks.clevis() != null) {
            ObjectNode clevis = json.putObject("clevis");
            if (!luks.clevis().tang().isEmpty()) {
                ArrayNode tang = clevis.putArray("tang");
                for (Luks.Tang server : luks.clevis().tang()) {
                    ObjectNode t = tang.addObject().put("url", server.url());
                    putIfSet(t, "thumbprint", server.thumbprint());
                    putIfSet(t, "advertisement", server.advertisement());
                }
            }
            putIfSet(clevis, "tpm2", luks.clevis().tpm2());
            putIfSet(clevis, "threshold", luks.clevis().threshold());
            if (luks.clevis().custom() != null) {
                ObjectNode custom = clevis.putObject("custom");
                putIfSet(custom, "pin", luks.clevis().custom().pin());
                putIfSet(custom, "config", luks.clevis().custom().config());
                putIfSet(custom, "needsNetwork", luks.clevis().custom().needsNetwork());
            }
        }
        putIfSet(json, "discard", luks.discard());
        JsonParts.strings(json, "openOptions", luks.openOptions());
        return json;
    }

    private static ObjectNode filesystem(Filesystem filesystem) {
        ObjectNode json = JSON.objectNode().put("device", filesystem.device()).put("format", filesystem.format());
        putIfSet(json, "wipeFilesystem", filesystem.wipeFilesystem());
        putIfSet(json, "label", filesystem.label());
        putIfSet(json, "uuid", filesystem.uuid());
        if (!filesystem.options().isEmpty()) {
            ArrayNode options = json.putArray("options");
            filesystem.options().forEach(options::add);
        }
        putIfSet(json, "path", filesystem.path());
        JsonParts.strings(json, "mountOptions", filesystem.mountOptions());
        return json;
    }

    private ObjectNode file(File file) {
        Boolean overwrite = file.node().overwrite();
        if (origin == Config.Origin.CONTAINER_LINUX_CONFIG) {
            // the 2.x-to-3.x translation: 2.x files replace what is there unless they append
            overwrite = file.appends() ? Boolean.FALSE : overwrite != null ? overwrite : Boolean.TRUE;
        }
        ObjectNode json = node(file.node(), overwrite);
        if (file.contents() != null) {
            json.set("contents", contents(file.contents()));
        }
        putArray(json, "append", file.append().stream().map(IgnitionV3Writer::contents).toList());
        if (file.mode() != null) {
            json.put("mode", file.mode());
        }
        return json;
    }

    private static ObjectNode directory(Directory directory) {
        ObjectNode json = node(directory.node(), directory.node().overwrite());
        if (directory.mode() != null) {
            json.put("mode", directory.mode());
        }
        return json;
    }

    private static ObjectNode link(Link link) {
        ObjectNode json = node(link.node(), link.node().overwrite());
        if (link.hard() != null) {
            json.put("hard", link.hard());
        }
        json.put("target", link.target());
        return json;
    }

    private static ObjectNode node(FsNode node, Boolean overwrite) {
        ObjectNode json = JSON.objectNode();
        json.put("path", node.absolutePath());
        if (overwrite != null) {
            json.put("overwrite", overwrite);
        }
        owner(json, "user", node.user());
        owner(json, "group", node.group());
        return json;
    }

    private static ObjectNode contents(Contents contents) {
        ObjectNode json = JSON.objectNode();
        if (contents.compression() != null) {
            json.put("compression", contents.compression());
        }
        json.put("source", contents.source());
        JsonParts.headers(json, contents.httpHeaders());
        if (contents.hash() != null) {
            json.putObject("verification").put("hash", contents.hash());
        }
        return json;
    }

    private static ObjectNode unit(Unit unit) {
        ObjectNode json = JSON.objectNode();
        json.put("name", unit.name());
        if (unit.effectiveEnabled() != null) {
            json.put("enabled", unit.effectiveEnabled());
        }
        if (unit.mask() != null) {
            json.put("mask", unit.mask());
        }
        if (unit.contents() != null) {
            json.put("contents", unit.contents());
        }
        ArrayNode dropins = JSON.arrayNode();
        for (Dropin dropin : unit.dropins()) {
            ObjectNode d = dropins.addObject().put("name", dropin.name());
            if (dropin.contents() != null) {
                d.put("contents", dropin.contents());
            }
        }
        if (!dropins.isEmpty()) {
            json.set("dropins", dropins);
        }
        return json;
    }

    /**
     * Ignition 3 keys units by name: a Container Linux Config's two entries of one name (a unit a section generates,
     * and the config's own) become one. A Butane file's are left as they are, for validation to refuse, as Butane does.
     */
    private static List<Unit> mergedByName(List<Unit> units) {
        Map<String, Unit> merged = new LinkedHashMap<>();
        units.forEach(unit -> merged.merge(unit.name(), unit, Unit::with));
        return List.copyOf(merged.values());
    }
}
