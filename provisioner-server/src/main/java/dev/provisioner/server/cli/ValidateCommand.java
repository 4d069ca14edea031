package dev.provisioner.server.cli;

import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.InvalidMachineException;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineRules;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.store.FileMachineStore;
import dev.provisioner.server.store.FileProfileCatalog;
import dev.provisioner.server.swarm.StaticSwarm;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code validate DATA_DIR}: everything the server would refuse or report about a data directory, as
 * {@code file:line:column: message} lines, with exit code 1 when there is any: every profile and machine file,
 * and every registered machine's config rendered and transpiled as it would be served (with placeholder swarm
 * tokens: validating needs no swarm). Meant for the data repository's own CI, before a bad profile reaches the
 * machines.
 */
public class ValidateCommand extends Command {

    private static final URI PLACEHOLDER_URL = URI.create("http://provisioner.invalid/");
    private static final SwarmSource PLACEHOLDER_SWARM = new StaticSwarm(new SwarmCredentials(
            Optional.of("SWMTKN-1-" + "0".repeat(50) + "-" + "0".repeat(25)),
            Optional.of("SWMTKN-1-" + "0".repeat(50) + "-" + "1".repeat(25)), List.of("swarm-manager.invalid:2377"), "placeholder"));

    public ValidateCommand() {
        super("validate", "Checks a data directory: every profile and machine file parses and follows the rules");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("data-dir").dest("dataDir").nargs("?").setDefault("tftpboot-sample")
                .help("the data directory (default: tftpboot-sample)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        Path dataDir = Path.of(namespace.getString("dataDir"));
        if (!Files.isDirectory(dataDir)) {
            throw new StartupFailure("validate: " + dataDir + " is not a directory");
        }
        FileProfileCatalog profiles = new FileProfileCatalog(dataDir);
        FileMachineStore machines = new FileMachineStore(dataDir);
        profiles.refresh();
        machines.refresh();
        List<Problem> problems = new ArrayList<>(profiles.problems());
        problems.addAll(machines.problems());
        MachineRules rules = new MachineRules(id -> profiles.get(id).isPresent());
        IgnitionConfigRenderer configs = new IgnitionConfigRenderer(dataDir, PLACEHOLDER_SWARM,
                new SwarmUnits(TemplateEngine.withBuiltIns(Optional.empty())));
        for (Machine machine : machines.list()) {
            try {
                rules.check(machine);
            } catch (InvalidMachineException e) {
                String file = "machines/" + machine.mac().hyphenated() + ".yaml";
                e.violations().forEach(v -> problems.add(new Problem(file, 0, 0, v.field() + ": " + v.reason())));
            }
            Optional<Profile> profile = profiles.get(machine.profile()).filter(p -> p.config().isPresent());
            if (profile.isPresent() && configs.render(machine, profile.get(), PLACEHOLDER_URL) instanceof ConfigOutcome.Broken broken) {
                broken.problems().stream()
                        .map(p -> new Problem(p.file(), p.line(), p.column(), "for " + machine.mac() + ": " + p.message()))
                        .filter(p -> !problems.contains(p))
                        .forEach(problems::add);
            }
        }
        problems.forEach(problem -> System.out.println(problem));
        String summary = profiles.list().size() + " profiles, " + machines.list().size() + " machines";
        if (!problems.isEmpty()) {
            throw new StartupFailure("validate: " + dataDir + ": " + summary + ", " + problems.size() + " problems");
        }
        System.out.println("validate: " + dataDir + ": " + summary + ", no problems");
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (!ConciseErrors.report(cli, error)) {
            super.onError(cli, namespace, error);
        }
    }
}
