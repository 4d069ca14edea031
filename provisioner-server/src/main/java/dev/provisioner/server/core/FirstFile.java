package dev.provisioner.server.core;

import java.net.URI;

/** The first file a firmware is told to load: a TFTP name on this server, or an HTTP URL. */
public sealed interface FirstFile {

    record Tftp(String name) implements FirstFile {
    }

    record Http(URI url) implements FirstFile {
    }
}
