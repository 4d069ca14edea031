package dev.provisioner.server.cli;

import dev.provisioner.server.ProvisionerConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code server} command, reporting an operator's mistake (no data directory...) as one line. */
public class ProvisionerServerCommand extends ServerCommand<ProvisionerConfiguration> {

    public ProvisionerServerCommand(Application<ProvisionerConfiguration> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (!ConciseErrors.report(cli, error)) {
            super.onError(cli, namespace, error);
        }
    }
}
