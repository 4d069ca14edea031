package dev.provisioner.ignition.model;

/** Where a file's bytes come from: a URL (data:, http(s):, s3:, tftp:), optionally compressed and hashed. */
public record Contents(String source, String compression, String hash) {
}
