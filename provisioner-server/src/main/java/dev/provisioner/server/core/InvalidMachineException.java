package dev.provisioner.server.core;

import java.util.List;

/** A machine document that breaks the rules; carries every violation found, not only the first. */
public class InvalidMachineException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidMachineException(List<Violation> violations) {
        super("invalid machine: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
