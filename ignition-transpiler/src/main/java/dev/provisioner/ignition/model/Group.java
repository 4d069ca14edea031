package dev.provisioner.ignition.model;

public record Group(String name, Long gid, String passwordHash, Boolean system, Boolean shouldExist) {
}
