package dev.provisioner.ignition.model;

/** A config or certificate fetched from a URL, optionally verified by {@code function-sum} hash. */
public record Reference(String source, String hash) {
}
