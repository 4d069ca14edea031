package dev.provisioner.ignition;

/** One finding about the input: where (1-based line and column, JSON-style path) and why. */
public record Diagnostic(Severity severity, int line, int column, String path, String message) {

    public enum Severity { ERROR, WARNING }

    /** The one-line form the CLI prints: {@code error: line 3, column 5: storage.files[0].mode: ...}. */
    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": line " + line + ", column " + column + ": "
                + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
