package dev.provisioner.server.core.explain;

import java.nio.file.Path;
import java.util.Optional;

/** The history of the files answers come from, when they are in a git repository. */
public interface FileHistory {

    /** No repository: no file has a history. */
    FileHistory NONE = file -> Optional.empty();

    /** The file's last change; empty when it is not inside a repository. */
    Optional<FileChange> lastChange(Path file);
}
