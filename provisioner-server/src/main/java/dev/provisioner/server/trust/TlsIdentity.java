package dev.provisioner.server.trust;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key and certificate of the server's TLS listener: PEM files from the configuration (what an operator's CA
 * or ACME client gives), else a self-signed EC P-256 one generated on first start into
 * {@code <data dir>/.provisioner/tls.pem} and reused after, so that its pin stays the same across restarts. Machines
 * pin its public key ({@link #pin()}), not a CA and a name: a server is reached at addresses no certificate can be
 * made to name in advance, and a pinned key admits exactly this server.
 */
public final class TlsIdentity {

    static final String FILE = "tls.pem";
    private static final Duration GENERATED_VALIDITY = Duration.ofDays(3650);

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /**
     * @throws IllegalArgumentException naming the setting or file that does not hold a usable key or certificate
     *                                  (never quoting a key)
     */
    public static TlsIdentity load(Optional<Path> certificate, Optional<Path> key, Path dataDir) {
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("set both PROVISIONER_TLS_CERT and PROVISIONER_TLS_KEY (PEM files), or "
                    + "neither for a self-signed certificate generated into " + dataDir.resolve(PrivateFiles.DIRECTORY));
        }
        try {
            if (certificate.isPresent()) {
                return parse(Files.readString(certificate.get(), StandardCharsets.US_ASCII) + "\n"
                        + Files.readString(key.get(), StandardCharsets.US_ASCII), certificate.get() + " and " + key.get());
            }
            byte[] pem = PrivateFiles.readOrCreate(dataDir, FILE, TlsIdentity::generate);
            return parse(new String(pem, StandardCharsets.US_ASCII), dataDir.resolve(PrivateFiles.DIRECTORY).resolve(FILE).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("the TLS certificate or key cannot be read or written", e);
        }
    }

    /** The key and the chain (the server's own certificate first) out of PEM text. */
    static TlsIdentity parse(String pem, String origin) {
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(certificates.getCertificate(holder));
                } else if (item instanceof PrivateKeyInfo info) {
                    key = keys.getPrivateKey(info);
                } else if (item instanceof ASN1ObjectIdentifier) {
                    // the EC PARAMETERS block openssl ecparam -genkey writes before the key: the key names its curve
                    continue;
                } else if (item instanceof PEMKeyPair pair) {
                    // SEC1 and PKCS#1 keys; the public half may be missing, and is not needed
                    key = keys.getPrivateKey(pair.getPrivateKeyInfo());
                } else {
                    throw new IllegalArgumentException(origin + " holds a " + item.getClass().getSimpleName()
                            + " (an encrypted key?): give the key unencrypted, readable by the server only");
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(origin + " is not PEM the server can read: " + e.getMessage());
        }
        if (key == null || chain.isEmpty()) {
            throw new IllegalArgumentException(origin + " must hold a private key and at least one certificate (PEM)");
        }
        boolean matching;
        try {
            matching = matches(key, chain.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage());
        }
        if (!matching) {
            throw new IllegalArgumentException(origin + ": the private key is not the first certificate's");
        }
        return new TlsIdentity(key, chain);
    }

    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> throw new IllegalArgumentException("the key is " + key.getAlgorithm()
                    + "; the TLS listener takes EC, RSA or EdDSA keys");
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(certificate.getPublicKey());
            verify.update(probe);
            return verify.verify(sign.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=provisioner");
            Instant now = Instant.now();
            X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(GENERATED_VALIDITY)), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
                writer.writeObject(certificate);
            }
            return text.toString().getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("this JVM cannot make an EC P-256 certificate: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key and chain in a key store of their own, for the HTTPS connector; the password only opens it. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot put the TLS key in a key store: " + e.getMessage(), e);
        }
    }

    /** curl's {@code --pinnedpubkey} form: {@code sha256//} and the base64 SHA-256 of the public key's DER. */
    public String pin() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(chain.get(0).getPublicKey().getEncoded());
            return "sha256//" + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }
}
