package dev.provisioner.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @Test
    void aGeneratedKeyIsKeptPrivateOutOfGitAndReused(@TempDir Path data) throws Exception {
        byte[] first = SigningKeys.load(Optional.empty(), data);
        assertThat(first).hasSizeGreaterThanOrEqualTo(32);
        Path file = data.resolve(".provisioner/signing.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(data.resolve(".provisioner/.gitignore")).content().contains("*");
        assertThat(SigningKeys.load(Optional.empty(), data)).isEqualTo(first);
        try (var files = Files.list(data.resolve(".provisioner"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".gitignore", "signing.key");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(".provisioner"))))
                .isEqualTo("rwx------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SigningKeys.load(Optional.empty(), data))
                .hasMessage(file + " can be read by others (rw-r--r--); chmod 600 it, or replace what it holds if it may have leaked");
    }

    @Test
    void aConfiguredKeyWinsAndABadOneIsNamedNotQuoted(@TempDir Path data) {
        byte[] key = new byte[48];
        key[3] = 7;
        assertThat(SigningKeys.load(Optional.of(Base64.getEncoder().encodeToString(key)), data)).isEqualTo(key);
        assertThat(data.resolve(".provisioner")).doesNotExist();
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SigningKeys.load(Optional.of(shortKey), data))
                .hasMessage("PROVISIONER_SIGNING_KEY holds 16 bytes; a signing key needs at least 32 (openssl rand -base64 32)");
        assertThatThrownBy(() -> SigningKeys.load(Optional.of("not base64!"), data))
                .hasMessageStartingWith("PROVISIONER_SIGNING_KEY is not base64").hasMessageNotContaining("not base64!");
    }
}
