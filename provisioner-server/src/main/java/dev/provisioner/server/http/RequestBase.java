package dev.provisioner.server.http;

import dev.provisioner.server.core.links.ServerUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;

/** The request's scheme and Host header, as {@link ServerUrls} wants them. */
final class RequestBase {

    private RequestBase() {
    }

    static URI of(ServerUrls urls, HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        String path = request.getRequestURI();
        return urls.forHttp(url.substring(0, url.length() - path.length()) + request.getContextPath());
    }
}
