package dev.provisioner.server.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.configuration.ConfigurationException;

/** How commands report failures: the operator's mistakes as one line, bugs with their stack trace. */
final class ConciseErrors {

    private ConciseErrors() {
    }

    /** Returns true when the error was reported as a single line. */
    static boolean report(Cli cli, Throwable error) {
        if (error instanceof StartupFailure || error instanceof ConfigurationException) {
            cli.getStdErr().println(error.getMessage());
            return true;
        }
        return false;
    }
}
