package dev.provisioner.ignition.model;

/**
 * What files, directories and links share: the path as written, on its filesystem (2.x names it; 3.x joins
 * the filesystem's mount path). {@code overwrite} null means "as the spec defaults".
 */
public record FsNode(String filesystem, String mountPath, String path, Boolean overwrite, Owner user, Owner group) {

    /** Where the node ends up in the machine's root, which is how 3.x addresses it. */
    public String absolutePath() {
        return mountPath.equals("/") ? path : mountPath.replaceAll("/+$", "") + path;
    }
}
