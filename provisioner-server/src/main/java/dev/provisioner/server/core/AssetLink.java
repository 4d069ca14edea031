package dev.provisioner.server.core;

import java.net.URI;

/** A file under {@code assets/} as a machine fetches it: its path, the name iPXE gives it, and its URL. */
public record AssetLink(String path, String name, URI url) {
}
