package dev.provisioner.server.cli;

import dev.provisioner.server.core.LocalBoot;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.core.BootLoader;
import dev.provisioner.server.core.BootPlan;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.InvalidMachineException;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.MachineRules;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.Opening;
import dev.provisioner.server.core.trust.Proof;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.trust.SigningKeys;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.render.IpxeScripts;
import dev.provisioner.server.render.PxelinuxConfigs;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code validate DATA_DIR}: everything the server would refuse or report about a data directory, as
 * {@code file:line:column: message} lines, with exit code 1 when there is any. It takes the path the server serves:
 * every profile and machine file, then every registered machine's iPXE script, pxelinux config and Ignition config
 * through {@link BootService} with the same templates, and the default profile's answers when one is named (with
 * a placeholder swarm token: validating needs no swarm). Meant for the data repository's own CI, before a bad profile
 * or template reaches the machines.
 */
public class ValidateCommand extends Command {

    private static final URI PLACEHOLDER_URL = URI.create("http://provisioner.invalid/");
    private static final SwarmSource PLACEHOLDER_SWARM = new StaticSwarm(new SwarmCredentials(
            Optional.of("SWMTKN-1-" + "0".repeat(50) + "-" + "0".repeat(25)), List.of("swarm-manager.invalid:2377"),
            "placeholder"));
    /** The address every check asks from: one, so that the boot attempts validation opens never conflict. */
    private static final String SOURCE = "validate";
    private static final MachineIdentity NOBODY = MachineIdentity.anonymous(SOURCE);

    public ValidateCommand() {
        super("validate", "Checks a data directory as the server would serve it: files, rules, boot scripts and configs");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("data-dir").dest("dataDir").nargs("?").setDefault("tftpboot-sample")
                .help("the data directory (default: tftpboot-sample)");
        subparser.addArgument("--templates").dest("templates").setDefault(System.getenv("PROVISIONER_TEMPLATES_DIR"))
                .help("templates that override the built-in ones (default: $PROVISIONER_TEMPLATES_DIR, else built-in only)");
        subparser.addArgument("--default-profile").dest("defaultProfile")
                .setDefault(System.getenv("PROVISIONER_DEFAULT_PROFILE"))
                .help("the profile of unregistered machines (default: $PROVISIONER_DEFAULT_PROFILE)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        Path dataDir = Path.of(namespace.getString("dataDir"));
        if (!Files.isDirectory(dataDir)) {
            throw new StartupFailure("validate: " + dataDir + " is not a directory");
        }
        Optional<Path> templatesDir = Optional.ofNullable(namespace.getString("templates")).filter(t -> !t.isBlank()).map(Path::of);
        Optional<String> defaultProfile = Optional.ofNullable(namespace.getString("defaultProfile")).filter(p -> !p.isBlank());
        FileProfileCatalog profiles = new FileProfileCatalog(dataDir);
        FileMachineStore machines = new FileMachineStore(dataDir);
        List<Problem> problems = new ArrayList<>(profiles.problems());
        problems.addAll(machines.problems());

        TemplateEngine templates = TemplateEngine.withBuiltIns(templatesDir);
        // validation has no machines to keep a timeline for: a small one, never read
        RecentTimeline timeline = new RecentTimeline(1, 1);
        IgnitionConfigRenderer configs = new IgnitionConfigRenderer(dataDir, PLACEHOLDER_SWARM, new SwarmUnits(templates, Optional.empty()));
        // validation boots every machine from one placeholder address: its own attempts, signed with a key of its own
        Attempts attempts = new Attempts(new MemoryAttemptStore(), new AttemptSigner(SigningKeys.random()),
                Duration.ofMinutes(30), RunningNodes.NONE, Clock.systemUTC());
        BootService boot = new BootService(machines, profiles, configs, attempts, PLACEHOLDER_SWARM, timeline, defaultProfile,
                Clock.systemUTC());
        IpxeScripts ipxe = new IpxeScripts(templates, Duration.ofSeconds(10));
        PxelinuxConfigs fallback = PxelinuxConfigs.fallback(templates, Duration.ofSeconds(10));
        List<BootLoader<?>> loaders = List.of(ipxe, PxelinuxConfigs.perMachine(templates, Duration.ofSeconds(10)));
        renders(problems, "templates/ipxe/chain.ipxe.ftl", () -> ipxe.chain(PLACEHOLDER_URL));
        for (BootLoader<?> loader : loaders) {
            renders(problems, "templates (" + Labels.of(loader.kind()) + " refusal)",
                    () -> loader.refusal("validate", PLACEHOLDER_URL));
            for (LocalBoot how : LocalBoot.values()) {
                renders(problems, "templates (" + Labels.of(loader.kind()) + " local boot, " + how.label() + ")",
                        () -> loader.local(how, "validate", PLACEHOLDER_URL));
            }
        }
        // every profile in every boot loader's words, whether or not a machine is on it yet
        for (Profile profile : profiles.list()) {
            BootService asDefault = new BootService(machines, profiles, configs, attempts, PLACEHOLDER_SWARM, timeline,
                    Optional.of(profile.id()), Clock.systemUTC());
            for (BootLoader<?> loader : List.of(ipxe, fallback)) {
                asDefault.answerDefault(NOBODY, Transport.HTTP, PLACEHOLDER_URL,
                        refusalsAsProblems(loader, problems, "profiles/" + profile.id() + ".yaml"));
            }
        }

        MachineRules rules = new MachineRules(id -> profiles.get(id).isPresent());
        for (Machine machine : machines.list()) {
            String file = "machines/" + machine.mac().hyphenated() + ".yaml";
            try {
                rules.check(machine);
            } catch (InvalidMachineException e) {
                e.violations().forEach(v -> problems.add(new Problem(file, 0, 0, v.field() + ": " + v.reason())));
                continue;  // a machine on a missing profile: every answer would only say so again
            }
            MachineIdentity who = MachineIdentity.of(machine.mac(), SOURCE);
            int before = problems.size();
            Optional<Proof> proof = attempts.open(machine.mac(), SOURCE, true, false) instanceof Opening.Opened opened
                    ? Optional.of(attempts.proof(opened.attempt())) : Optional.empty();
            if (boot.ignition(who, proof, Transport.HTTP, PLACEHOLDER_URL) instanceof ConfigOutcome.Broken broken) {
                broken.problems().stream()
                        .map(p -> new Problem(p.file(), p.line(), p.column(), "for " + machine.mac() + ": " + p.message()))
                        .forEach(p -> add(problems, p));
            }
            if (problems.size() == before) {
                // what is left to go wrong is the boot loaders' own: their templates, the profile's values in them
                for (BootLoader<?> loader : loaders) {
                    // armed, as an operator would arm it, so that a profile with enroll: armed is checked as it boots
                    attempts.arm(machine.mac());
                    boot.answer(who, Transport.HTTP, PLACEHOLDER_URL, refusalsAsProblems(loader, problems, file));
                }
            }
        }
        defaultProfile.ifPresent(id -> {
            for (BootLoader<?> loader : List.of(ipxe, fallback)) {
                boot.answerDefault(NOBODY, Transport.HTTP, PLACEHOLDER_URL,
                        refusalsAsProblems(loader, problems, "default profile " + id));
            }
        });

        problems.forEach(problem -> System.out.println(problem));
        String summary = profiles.list().size() + " profiles, " + machines.list().size() + " machines";
        if (!problems.isEmpty()) {
            throw new StartupFailure("validate: " + dataDir + ": " + summary + ", " + problems.size() + " problems");
        }
        System.out.println("validate: " + dataDir + ": " + summary + ", no problems");
    }

    /** The loader, with every refusal the core decides on also listed as a problem of {@code where}. */
    private static <T> BootLoader<T> refusalsAsProblems(BootLoader<T> loader, List<Problem> problems, String where) {
        return new BootLoader<>() {
            @Override
            public ArtifactKind kind() {
                return loader.kind();
            }

            @Override
            public T boot(BootPlan plan, URI base) {
                return loader.boot(plan, base);
            }

            @Override
            public T refusal(String reason, URI base) {
                add(problems, new Problem(where, 0, 0, "cannot boot (" + Labels.of(loader.kind()) + "): " + reason));
                return loader.refusal(reason, base);
            }

            @Override
            public T plainRefusal(String reason, URI base) {
                return loader.plainRefusal(reason, base);
            }

            @Override
            public T local(LocalBoot how, String who, URI base) {
                return loader.local(how, who, base);
            }

            @Override
            public T unknown(String reason, URI base) {
                return loader.unknown(reason, base);
            }
        };
    }

    private static void renders(List<Problem> problems, String what, Runnable render) {
        try {
            render.run();
        } catch (RuntimeException e) {
            add(problems, new Problem(what, 0, 0, e.getMessage()));
        }
    }

    private static void add(List<Problem> problems, Problem problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (!ConciseErrors.report(cli, error)) {
            super.onError(cli, namespace, error);
        }
    }
}
