package dev.provisioner.ignition.model;

/** What files, directories and links share. {@code overwrite} null means "as the spec defaults". */
public record FsNode(String filesystem, String path, Boolean overwrite, Owner user, Owner group) {
}
