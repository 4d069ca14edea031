package dev.provisioner.server.trust;

import dev.provisioner.server.core.trust.AttemptSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The key that signs boot attempts' URLs: {@code PROVISIONER_SIGNING_KEY} (base64, at least 32 bytes; replicas share
 * it), else one generated on first start into {@code <data dir>/.provisioner/signing.key} (mode 0600 in a 0700
 * directory, next to a {@code .gitignore} that keeps it out of the data repository) and reused after; a key file
 * others can read is refused.
 */
public final class SigningKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String FILE = "signing.key";

    private SigningKeys() {
    }

    /** @throws IllegalArgumentException naming the setting or file that is not a usable key (never quoting it) */
    public static byte[] load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return decode(configured.get(), "PROVISIONER_SIGNING_KEY");
        }
        try {
            byte[] text = PrivateFiles.readOrCreate(dataDir, FILE,
                    () -> (Base64.getEncoder().encodeToString(random()) + "\n").getBytes(StandardCharsets.US_ASCII));
            return decode(new String(text, StandardCharsets.US_ASCII).strip(),
                    dataDir.resolve(PrivateFiles.DIRECTORY).resolve(FILE).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("the signing key in " + dataDir.resolve(PrivateFiles.DIRECTORY)
                    + " cannot be read or written", e);
        }
    }

    public static byte[] random() {
        byte[] key = new byte[AttemptSigner.MIN_KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
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
