package dev.provisioner.server.api;

import dev.provisioner.server.core.links.ServerUrls;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/** The base URL a machine would be given, seen from an API request: the public URL, or the address the API was asked at. */
final class BaseUri {

    private BaseUri() {
    }

    static URI of(ServerUrls urls, UriInfo request) {
        String base = request.getBaseUri().toString();
        return urls.forHttp(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }
}
