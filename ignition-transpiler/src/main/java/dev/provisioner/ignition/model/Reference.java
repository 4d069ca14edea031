package dev.provisioner.ignition.model;

import java.util.List;

/** A config or certificate fetched from a URL, optionally verified by {@code function-sum} hash. */
public record Reference(String source, String hash, List<Contents.Header> httpHeaders) {

    public Reference {
        httpHeaders = List.copyOf(httpHeaders);
    }

    public Reference(String source, String hash) {
        this(source, hash, List.of());
    }
}
