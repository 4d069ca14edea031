package dev.provisioner.server.core.links;

import java.net.URI;

/**
 * A file a machine fetches while it boots (kernel, initrd, its OEM archive): the name boot loaders give it, its
 * HTTP URL, and the name a TFTP client asks for. Both carry the machine, so each download lands in its timeline.
 */
public record AssetLink(String name, URI url, String tftpName) {
}
