package dev.provisioner.server.http;

import jakarta.servlet.http.HttpServletRequest;
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

    /** The base for a request: the public URL, else the scheme and Host header the machine used. */
    public URI of(HttpServletRequest request) {
        return publicUrl.orElseGet(() -> {
            StringBuffer url = request.getRequestURL();
            String path = request.getRequestURI();
            return URI.create(url.substring(0, url.length() - path.length()) + request.getContextPath() + "/");
        });
    }
}
