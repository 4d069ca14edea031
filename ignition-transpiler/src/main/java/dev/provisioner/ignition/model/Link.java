package dev.provisioner.ignition.model;

public record Link(FsNode node, String target, Boolean hard) {
}
