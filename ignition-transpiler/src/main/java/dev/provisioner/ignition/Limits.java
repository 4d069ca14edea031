package dev.provisioner.ignition;

/** Bounds on hostile input: every one of them ends in an error, never in a hang or an exhausted heap. */
public record Limits(int maxDocumentChars, int maxNestingDepth, int maxAliases) {

    public static final Limits DEFAULT = new Limits(4 * 1024 * 1024, 64, 50);
}
