package dev.provisioner.ignition.model;

public record Directory(FsNode node, Integer mode) {
}
