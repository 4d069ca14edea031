package dev.provisioner.server.cli;

import dev.provisioner.server.core.LocalBoot;
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
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.Opening;
import dev.provisioner.server.core.trust.Proof;
import dev.provisioner.server.render.IpxeScripts;
import dev.provisioner.server.render.PxelinuxConfigs;
import dev.provisioner.server.store.FileMachineStore;
import dev.provisioner.server.store.FileProfileCatalog;
import io.dropwizard.core.setup.Bootstrap;
import java.net.URI;
import java.nio.file.Path;
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
public class ValidateCommand extends ConciseCommand {

    /** The address every check asks from: one, so that the boot attempts validation opens never conflict. */
    private static final String SOURCE = "validate";
    private static final MachineIdentity NOBODY = MachineIdentity.anonymous(SOURCE);

    public ValidateCommand() {
        super("validate", "Checks a data directory as the server would serve it: files, rules, boot scripts and configs");
    }

    @Override
    public void configure(Subparser subparser) {
        OfflineCore.arguments(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        OfflineCore core = OfflineCore.of(namespace, "validate");
        Path dataDir = Path.of(namespace.getString("dataDir"));
        FileProfileCatalog profiles = core.profiles;
        FileMachineStore machines = core.machines;
        List<Problem> problems = new ArrayList<>(profiles.problems());
        problems.addAll(machines.problems());

        Attempts attempts = core.attempts;
        BootService boot = core.boot;
        IpxeScripts ipxe = core.ipxe;
        PxelinuxConfigs fallback = core.fallback;
        List<BootLoader<?>> loaders = List.of(ipxe, core.pxelinux);
        renders(problems, "templates/ipxe/chain.ipxe.ftl", () -> ipxe.chain(OfflineCore.PLACEHOLDER_URL));
        for (BootLoader<?> loader : loaders) {
            renders(problems, "templates (" + Labels.of(loader.kind()) + " refusal)",
                    () -> loader.refusal("validate", OfflineCore.PLACEHOLDER_URL));
            for (LocalBoot how : LocalBoot.values()) {
                renders(problems, "templates (" + Labels.of(loader.kind()) + " local boot, " + how.label() + ")",
                        () -> loader.local(how, "validate", OfflineCore.PLACEHOLDER_URL));
            }
        }
        // every profile in every boot loader's words, whether or not a machine is on it yet
        for (Profile profile : profiles.list()) {
            BootService asDefault = core.withDefault(Optional.of(profile.id()));
            for (BootLoader<?> loader : List.of(ipxe, fallback)) {
                asDefault.answerDefault(NOBODY, Transport.HTTP, OfflineCore.PLACEHOLDER_URL,
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
            if (boot.ignition(who, proof, Transport.HTTP, OfflineCore.PLACEHOLDER_URL) instanceof ConfigOutcome.Broken broken) {
                broken.problems().stream()
                        .map(p -> new Problem(p.file(), p.line(), p.column(), "for " + machine.mac() + ": " + p.message()))
                        .forEach(p -> add(problems, p));
            }
            if (problems.size() == before) {
                // what is left to go wrong is the boot loaders' own: their templates, the profile's values in them
                for (BootLoader<?> loader : loaders) {
                    // armed, as an operator would arm it, so that a profile with enroll: armed is checked as it boots
                    attempts.arm(machine.mac());
                    boot.answer(who, Transport.HTTP, OfflineCore.PLACEHOLDER_URL, refusalsAsProblems(loader, problems, file));
                }
            }
        }
        core.defaultProfile.ifPresent(id -> {
            for (BootLoader<?> loader : List.of(ipxe, fallback)) {
                boot.answerDefault(NOBODY, Transport.HTTP, OfflineCore.PLACEHOLDER_URL,
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
}
