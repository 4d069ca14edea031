package dev.provisioner.ignition;

import java.util.ArrayList;
import java.util.List;

/** The findings of one run, in the order they were made. */
public final class Diagnostics {

    private final List<Diagnostic> all = new ArrayList<>();

    public void error(int line, int column, String path, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.ERROR, line, column, path, message));
    }

    public void warning(int line, int column, String path, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, line, column, path, message));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    public List<Diagnostic> list() {
        return List.copyOf(all);
    }
}
