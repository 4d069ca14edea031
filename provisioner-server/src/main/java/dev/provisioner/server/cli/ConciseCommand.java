package dev.provisioner.server.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import net.sourceforge.argparse4j.inf.Namespace;

/** A one-off command whose failures the operator reads as one line, without a stack trace. */
abstract class ConciseCommand extends Command {

    ConciseCommand(String name, String description) {
        super(name, description);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (!ConciseErrors.report(cli, error)) {
            super.onError(cli, namespace, error);
        }
    }
}
