package dev.provisioner.ignition.emit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioner.ignition.model.Contents;
import dev.provisioner.ignition.model.Dropin;
import dev.provisioner.ignition.model.Group;
import dev.provisioner.ignition.model.Owner;
import dev.provisioner.ignition.model.Raid;
import dev.provisioner.ignition.model.Reference;
import dev.provisioner.ignition.model.User;
import java.util.List;

/** The parts of Ignition JSON that are the same in spec 2.3.0 and 3.x; absent values are left out. */
final class JsonParts {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonParts() {
    }

    static ObjectNode reference(Reference reference) {
        ObjectNode json = JSON.objectNode().put("source", reference.source());
        putIfSet(json, "compression", reference.compression());
        headers(json, reference.httpHeaders());
        if (reference.hash() != null) {
            json.putObject("verification").put("hash", reference.hash());
        }
        return json;
    }

    static void headers(ObjectNode json, List<Contents.Header> headers) {
        if (!headers.isEmpty()) {
            ArrayNode array = json.putArray("httpHeaders");
            headers.forEach(h -> {
                ObjectNode header = array.addObject().put("name", h.name());
                putIfSet(header, "value", h.value());
            });
        }
    }

    static void owner(ObjectNode parent, String key, Owner owner) {
        if (owner.isEmpty()) {
            return;
        }
        ObjectNode json = parent.putObject(key);
        putIfSet(json, "id", owner.id());
        putIfSet(json, "name", owner.name());
    }

    static ObjectNode raid(Raid raid) {
        ObjectNode json = JSON.objectNode().put("name", raid.name()).put("level", raid.level());
        strings(json, "devices", raid.devices());
        putIfSet(json, "spares", raid.spares());
        strings(json, "options", raid.options());
        return json;
    }

    static ObjectNode dropin(Dropin dropin) {
        ObjectNode json = JSON.objectNode().put("name", dropin.name());
        putIfSet(json, "contents", dropin.contents());
        return json;
    }

    static ObjectNode user(User user) {
        ObjectNode json = JSON.objectNode().put("name", user.name());
        putIfSet(json, "passwordHash", user.passwordHash());
        strings(json, "sshAuthorizedKeys", user.sshAuthorizedKeys());
        putIfSet(json, "uid", user.uid());
        putIfSet(json, "gecos", user.gecos());
        putIfSet(json, "homeDir", user.homeDir());
        putIfSet(json, "noCreateHome", user.noCreateHome());
        putIfSet(json, "primaryGroup", user.primaryGroup());
        strings(json, "groups", user.groups());
        putIfSet(json, "noUserGroup", user.noUserGroup());
        putIfSet(json, "noLogInit", user.noLogInit());
        putIfSet(json, "shell", user.shell());
        putIfSet(json, "system", user.system());
        putIfSet(json, "shouldExist", user.shouldExist());
        return json;
    }

    static ObjectNode group(Group group) {
        ObjectNode json = JSON.objectNode().put("name", group.name());
        putIfSet(json, "gid", group.gid());
        putIfSet(json, "passwordHash", group.passwordHash());
        putIfSet(json, "system", group.system());
        putIfSet(json, "shouldExist", group.shouldExist());
        return json;
    }

    static void strings(ObjectNode json, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = json.putArray(key);
            values.forEach(array::add);
        }
    }

    static void putIfSet(ObjectNode json, String key, String value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    static void putIfSet(ObjectNode json, String key, Long value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    static void putIfSet(ObjectNode json, String key, Boolean value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    static void putArray(ObjectNode parent, String key, List<ObjectNode> items) {
        if (!items.isEmpty()) {
            parent.putArray(key).addAll(items);
        }
    }

    static void putObject(ObjectNode parent, String key, ObjectNode child) {
        if (!child.isEmpty()) {
            parent.set(key, child);
        }
    }
}
