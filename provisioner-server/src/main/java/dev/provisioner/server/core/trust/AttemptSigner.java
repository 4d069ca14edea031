package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over an attempt's id, MAC and expiry: what a signed URL carries, so that a URL cannot be made for
 * another machine, another attempt or a later time without the server's key.
 */
public final class AttemptSigner {

    private static final String ALGORITHM = "HmacSHA256";
    public static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    public AttemptSigner(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the signing key has " + key.length + " bytes; it needs at least "
                    + MIN_KEY_BYTES);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    public String sign(String attemptId, MacAddress mac, long expiresEpochSecond) {
        return hmac(attemptId + "\n" + mac.value() + "\n" + expiresEpochSecond);
    }

    private String hmac(String message) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }

    /** In constant time. */
    public boolean verify(String attemptId, MacAddress mac, long expiresEpochSecond, String signature) {
        return MessageDigest.isEqual(sign(attemptId, mac, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** The secret part of an attempt's enrollment credential: a purpose of its own, so a URL signature is never one. */
    public String enrollment(String attemptId, MacAddress mac) {
        return hmac("enroll\n" + attemptId + "\n" + mac.value());
    }

    /** In constant time. */
    public boolean verifyEnrollment(String attemptId, MacAddress mac, String secret) {
        return MessageDigest.isEqual(enrollment(attemptId, mac).getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII));
    }
}
