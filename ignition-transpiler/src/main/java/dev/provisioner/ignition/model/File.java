package dev.provisioner.ignition.model;

/** A regular file; with {@code append}, the contents are added to what is already there. */
public record File(FsNode node, Integer mode, Contents contents, boolean append) {
}
