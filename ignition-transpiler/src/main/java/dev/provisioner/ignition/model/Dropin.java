package dev.provisioner.ignition.model;

public record Dropin(String name, String contents) {
}
