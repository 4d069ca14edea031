package dev.provisioner.server.cli;

/** Something the operator must fix before the program can run; printed as one line, without a stack trace. */
public class StartupFailure extends RuntimeException {

    public StartupFailure(String message) {
        super(message, null, false, false);
    }
}
