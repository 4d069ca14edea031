package dev.provisioner.server.trust;

import dev.provisioner.server.core.trust.AttemptSigner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The key that signs boot attempts' URLs: {@code PROVISIONER_SIGNING_KEY} (base64, at least 32 bytes; replicas share
 * it), else one generated on first start into {@code <data dir>/.provisioner/signing.key} (mode 0600 in a 0700
 * directory, next to a {@code .gitignore} that keeps it out of the data repository) and reused after; a key file
 * others can read is refused.
 */
public final class SigningKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String DIRECTORY = ".provisioner";
    static final String FILE = "signing.key";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private SigningKeys() {
    }

    /** @throws IllegalArgumentException naming the setting or file that is not a usable key (never quoting it) */
    public static byte[] load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return decode(configured.get(), "PROVISIONER_SIGNING_KEY");
        }
        Path file = dataDir.resolve(DIRECTORY).resolve(FILE);
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!PRIVATE.containsAll(mode)) {
                throw new IllegalArgumentException(file + " can be read by others (" + PosixFilePermissions.toString(mode)
                        + "); chmod 600 it, or replace the key if it may have leaked");
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("the signing key " + file + " cannot be read or written", e);
        }
    }

    public static byte[] random() {
        byte[] key = new byte[AttemptSigner.MIN_KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Written whole and synced under a temporary name, then published with a hard link, which (unlike a rename) fails
     * when the file exists: a replica starting at the same moment may have won, and then its key is everyone's.
     */
    private static void generate(Path file) throws IOException {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path ignore = directory.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            Files.writeString(ignore, "# the server's own secrets: never in git\n*\n");
        }
        Path temporary = Files.createTempFile(directory, "." + FILE, ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(random()) + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.createLink(file, temporary);
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            // the other writer's key is as good
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] decode(String text, String origin) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + " is not base64 (make one with: openssl rand -base64 32)");
        }
        if (key.length < AttemptSigner.MIN_KEY_BYTES) {
            throw new IllegalArgumentException(origin + " holds " + key.length + " bytes; a signing key needs at least "
                    + AttemptSigner.MIN_KEY_BYTES + " (openssl rand -base64 32)");
        }
        return key;
    }
}
