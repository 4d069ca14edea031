package dev.provisioner.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener's key and certificate: generated once and kept, or read from an operator's PEM files. */
class TlsIdentityTest {

    /** The real openssl (Debian package openssl), as an operator would make a key and certificate. */
    private static String openssl(Path directory, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }

    /** curl's pin of a certificate's key, computed the way curl's manual says, with openssl. */
    private static String curlPin(Path directory, String certificate) throws Exception {
        openssl(directory, "x509", "-in", certificate, "-pubkey", "-noout", "-out", "pub.pem");
        openssl(directory, "pkey", "-pubin", "-in", "pub.pem", "-outform", "der", "-out", "pub.der");
        openssl(directory, "dgst", "-sha256", "-binary", "-out", "pub.sha256", "pub.der");
        return "sha256//" + openssl(directory, "base64", "-A", "-in", "pub.sha256");
    }

    @Test
    void aGeneratedIdentityIsPrivateReusedAndPinnedAsCurlPinsIt(@TempDir Path data) throws Exception {
        TlsIdentity first = TlsIdentity.load(Optional.empty(), Optional.empty(), data);
        Path file = data.resolve(".provisioner/tls.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----");
        assertThat(TlsIdentity.load(Optional.empty(), Optional.empty(), data).pin()).isEqualTo(first.pin());
        Files.writeString(data.resolve("cert.pem"), Files.readString(file).substring(Files.readString(file).indexOf("-----BEGIN CERTIFICATE")));
        assertThat(first.pin()).matches("sha256//[A-Za-z0-9+/]{43}=").isEqualTo(curlPin(data, "cert.pem"));
        assertThat(first.keyStore("x".toCharArray()).getCertificate("server")).isEqualTo(first.certificate());
    }

    @Test
    void anOperatorsPemFilesAreUsedAndWhatCannotWorkIsNamed(@TempDir Path directory) throws Exception {
        openssl(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "30", "-subj", "/CN=boot.example");
        Path data = directory.resolve("data");
        TlsIdentity identity = TlsIdentity.load(Optional.of(directory.resolve("cert.pem")), Optional.of(directory.resolve("key.pem")), data);
        assertThat(identity.pin()).isEqualTo(curlPin(directory, "cert.pem"));
        assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=boot.example");
        assertThat(data.resolve(".provisioner")).as("nothing generated").doesNotExist();

        // what openssl ecparam -genkey writes: an EC PARAMETERS block, then the key
        openssl(directory, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec-key.pem");
        openssl(directory, "req", "-x509", "-key", "ec-key.pem", "-out", "ec-cert.pem", "-days", "30", "-subj", "/CN=ec");
        assertThat(TlsIdentity.load(Optional.of(directory.resolve("ec-cert.pem")), Optional.of(directory.resolve("ec-key.pem")),
                data).pin()).isEqualTo(curlPin(directory, "ec-cert.pem"));

        openssl(directory, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.pem");
        assertThatThrownBy(() -> TlsIdentity.load(Optional.of(directory.resolve("cert.pem")),
                Optional.of(directory.resolve("other.pem")), data)).hasMessageEndingWith("the private key is not the first certificate's");
        openssl(directory, "pkey", "-in", "key.pem", "-aes256", "-passout", "pass:secret", "-out", "locked.pem");
        assertThatThrownBy(() -> TlsIdentity.load(Optional.of(directory.resolve("cert.pem")),
                Optional.of(directory.resolve("locked.pem")), data)).hasMessageContaining("give the key unencrypted")
                .hasMessageNotContaining("PRIVATE KEY");
        assertThatThrownBy(() -> TlsIdentity.load(Optional.of(directory.resolve("cert.pem")), Optional.empty(), data))
                .hasMessageStartingWith("set both PROVISIONER_TLS_CERT and PROVISIONER_TLS_KEY");
    }
}
