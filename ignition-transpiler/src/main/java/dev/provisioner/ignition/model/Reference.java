package dev.provisioner.ignition.model;

import java.util.List;

/**
 * A config or certificate fetched from a URL, optionally verified by {@code function-sum} hash; {@code compression}
 * as Ignition 3 resources have it (Butane writes {@code ""} for contents it encoded itself), null in 2.x.
 */
public record Reference(String source, String hash, List<Contents.Header> httpHeaders, String compression) {

    public Reference {
        httpHeaders = List.copyOf(httpHeaders);
    }

    public Reference(String source, String hash) {
        this(source, hash, List.of(), null);
    }
}
