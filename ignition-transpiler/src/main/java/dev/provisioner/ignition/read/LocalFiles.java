package dev.provisioner.ignition.read;

import dev.provisioner.ignition.yaml.YamlValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Files named relative to {@code --files-dir}, which they may not leave. */
final class LocalFiles {

    private final Optional<Path> filesDir;

    LocalFiles(Optional<Path> filesDir) {
        this.filesDir = filesDir;
    }

    /** The named directory inside the files directory, or empty after reporting at {@code value} why not. */
    Optional<Path> directory(YamlValue value) {
        return resolve(value).filter(dir -> {
            if (!Files.isDirectory(dir)) {
                value.error("'" + value.string().orElse("") + "' is not a directory in the files directory");
                return false;
            }
            return true;
        });
    }

    /** The named file's bytes, or empty after reporting at {@code value} why not. */
    Optional<byte[]> read(YamlValue value) {
        return resolve(value).flatMap(file -> {
            try {
                return Optional.of(Files.readAllBytes(file));
            } catch (IOException e) {
                value.error("cannot read '" + value.string().orElse("") + "' in the files directory: " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<Path> resolve(YamlValue value) {
        Optional<String> name = value.string();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (filesDir.isEmpty()) {
            value.error("local contents need --files-dir, the directory that '" + name.get() + "' is relative to");
            return Optional.empty();
        }
        Path root = filesDir.get().toAbsolutePath().normalize();
        Path file = root.resolve(name.get()).normalize();
        if (!file.startsWith(root)) {
            value.error("'" + name.get() + "' leads outside the files directory");
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
