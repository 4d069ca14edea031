package dev.provisioner.server.trust;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The server's own secrets and state under {@code <data dir>/.provisioner}: a 0700 directory with a {@code .gitignore}
 * that keeps it out of the data repository; secrets are files of mode 0600, made once and read back after, and a
 * secret others can read is refused.
 */
public final class PrivateFiles {

    static final String DIRECTORY = ".provisioner";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * The file's bytes, made with {@code make} first if it does not exist yet.
     *
     * @throws IllegalArgumentException when others can read the file
     */
    static byte[] readOrCreate(Path dataDir, String name, Supplier<byte[]> make) throws IOException {
        Path file = dataDir.resolve(DIRECTORY).resolve(name);
        if (!Files.exists(file)) {
            create(dataDir, file, make.get());
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!PRIVATE.containsAll(mode)) {
            throw new IllegalArgumentException(file + " can be read by others (" + PosixFilePermissions.toString(mode)
                    + "); chmod 600 it, or replace what it holds if it may have leaked");
        }
        return Files.readAllBytes(file);
    }

    /** {@code <data dir>/.provisioner}, made 0700 and kept out of git if it is not there yet. */
    public static Path directory(Path dataDir) throws IOException {
        Path directory = dataDir.resolve(DIRECTORY);
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path ignore = directory.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            Files.writeString(ignore, "# the server's own secrets and state: never in git\n*\n");
        }
        return directory;
    }

    /**
     * Written whole and synced under a temporary name, then published with a hard link, which (unlike a rename) fails
     * when the file exists: a replica starting at the same moment may have won, and then its file is everyone's.
     */
    private static void create(Path dataDir, Path file, byte[] content) throws IOException {
        Path directory = directory(dataDir);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PRIVATE));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.createLink(file, temporary);
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            // the other writer's file is as good
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
