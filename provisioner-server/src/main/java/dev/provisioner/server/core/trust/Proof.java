package dev.provisioner.server.core.trust;

/** What a signed URL presents: the attempt, its expiry (epoch seconds) and the signature, as the URL wrote them. */
public record Proof(String attempt, String expires, String signature) {
}
