package dev.provisioner.ignition.model;

/** A file's user or group: by numeric id or by name (at most one is set). */
public record Owner(Long id, String name) {

    public static final Owner NONE = new Owner(null, null);

    public boolean isEmpty() {
        return id == null && name == null;
    }
}
