package dev.provisioner.server.http;

import java.net.URI;
import java.util.Optional;

/**
 * The base URL written into scripts: the configured public URL, else the one the machine itself used
 * (its Host header), never the address the server is bound to.
 */
public final class BaseUrls {

    private final Optional<URI> publicUrl;

    public BaseUrls(Optional<URI> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** @param requestBase the request's base URI as the container built it from the Host header */
    public URI of(URI requestBase) {
        return publicUrl.orElse(requestBase);
    }
}
