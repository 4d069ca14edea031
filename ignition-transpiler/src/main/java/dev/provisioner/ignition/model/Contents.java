package dev.provisioner.ignition.model;

import java.util.List;

/** Where a file's bytes come from: a URL (data:, http(s):, s3:, tftp:), optionally compressed and hashed. */
public record Contents(String source, String compression, String hash, List<Header> httpHeaders) {

    /** An HTTP header sent when fetching the source. */
    public record Header(String name, String value) {
    }

    public Contents {
        httpHeaders = List.copyOf(httpHeaders);
    }

    public Contents(String source, String compression, String hash) {
        this(source, compression, hash, List.of());
    }
}
