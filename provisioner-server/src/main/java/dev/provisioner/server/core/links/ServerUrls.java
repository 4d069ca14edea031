package dev.provisioner.server.core.links;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;

/**
 * The one policy for the base URL written into what a machine is served, whatever it asked over: the configured
 * public URL when there is one; else the address the machine itself reached, never the address the server is
 * bound to (a wildcard means nothing to a machine). Over HTTP that is the request's own scheme and Host header;
 * over TFTP (and DHCP), which carry no host name, the server address the packet arrived at, with the HTTP port.
 */
public final class ServerUrls {

    private final Optional<URI> publicUrl;
    private final int httpPort;

    public ServerUrls(Optional<URI> publicUrl, int httpPort) {
        this.publicUrl = publicUrl;
        this.httpPort = httpPort;
    }

    /** @param requested {@code scheme://host[:port]} as the machine wrote it */
    public URI forHttp(String requested) {
        return publicUrl.orElseGet(() -> URI.create(requested + "/"));
    }

    /** @param reached the server's address the machine's packet arrived at (not a wildcard) */
    public URI forAddress(InetAddress reached) {
        return publicUrl.orElseGet(() -> {
            String address = reached.getHostAddress();
            // a link-local address's zone (fe80::1%eth0) names the server's interface, which means nothing to the client
            String host = reached instanceof Inet6Address ? "[" + address.replaceFirst("%.*", "") + "]" : address;
            return URI.create("http://" + host + ":" + httpPort + "/");
        });
    }
}
