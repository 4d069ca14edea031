package dev.provisioner.ignition.model;

import java.util.List;

/** A passwd user; null fields are left out of the output. */
public record User(String name, String passwordHash, List<String> sshAuthorizedKeys, Long uid, String gecos,
                   String homeDir, Boolean noCreateHome, String primaryGroup, List<String> groups,
                   Boolean noUserGroup, Boolean noLogInit, String shell, Boolean system, Boolean shouldExist) {

    public User {
        sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
        groups = List.copyOf(groups);
    }
}
