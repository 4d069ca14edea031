package dev.provisioner.server.core;

/** One reason a request was refused, naming the field it concerns. */
public record Violation(String field, String reason) {
}
