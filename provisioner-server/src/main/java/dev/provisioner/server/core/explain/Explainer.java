package dev.provisioner.server.core.explain;

import dev.provisioner.server.core.BootLoader;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.ConfigRenderer;
import dev.provisioner.server.core.EnrollMode;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineState;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.Sha256;
import dev.provisioner.server.core.discovery.DiscoveredMachine;
import dev.provisioner.server.core.discovery.Discovery;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.trust.Enrollment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Says what a machine would get if it booted now, and why, without it asking: nothing is recorded, no boot attempt
 * is opened, so what depends on the asker (a live attempt from another address: a conflict) is not foreseen. The data directory's layout ({@code machines/}, {@code profiles/}, {@code configs/}, {@code assets/})
 * names the files, and the file history their last commits.
 */
public final class Explainer {

    private final Path dataDir;
    private final MachineStore machines;
    private final ProfileCatalog profiles;
    private final ConfigRenderer configs;
    private final BootService boot;
    private final BootLoader<String> ipxe;
    private final BootLoader<Optional<String>> pxelinux;
    private final Optional<String> defaultProfile;
    private final Discovery discovery;
    private final TemplateSources templates;
    private final FileHistory history;

    public Explainer(Path dataDir, MachineStore machines, ProfileCatalog profiles, ConfigRenderer configs,
                     BootService boot, BootLoader<String> ipxe, BootLoader<Optional<String>> pxelinux,
                     Optional<String> defaultProfile, Discovery discovery, TemplateSources templates,
                     FileHistory history) {
        this.dataDir = dataDir;
        this.machines = machines;
        this.profiles = profiles;
        this.configs = configs;
        this.boot = boot;
        this.ipxe = ipxe;
        this.pxelinux = pxelinux;
        this.defaultProfile = defaultProfile;
        this.discovery = discovery;
        this.templates = templates;
        this.history = history;
    }

    /** The machine as it is registered (or not), with the profile that applies to it. */
    public Explanation explain(MacAddress mac, URI base) {
        Optional<Machine> machine = machines.get(mac);
        Optional<String> profileId = machine.map(Machine::profile).or(() -> defaultProfile);
        String because;
        if (machine.isPresent()) {
            because = "registered";
        } else {
            String seen = discovery.get(mac).map(DiscoveredMachine::lastSeen)
                    .map(at -> "discovered (last asked " + at + "), ").orElse("");
            because = seen + (defaultProfile.isPresent() ? "not registered: the default profile applies"
                    : "not registered and there is no default profile");
        }
        return explanation(mac, machine, profileId, because, base);
    }

    /** As if the machine (registered or not) had profile {@code profileId}: a preview before it is assigned. */
    public Explanation preview(String profileId, MacAddress mac, URI base) {
        Machine asIf = machines.get(mac)
                .map(m -> new Machine(mac, m.hostname(), profileId, m.labels(), m.metadata(), m.ipv4(), null))
                .orElseGet(() -> new Machine(mac, null, profileId, null, null));
        return explanation(mac, Optional.of(asIf), Optional.of(profileId), "preview of profile " + profileId
                + (machines.get(mac).isPresent() ? " for the registered machine" : " as if the machine were registered"),
                base);
    }

    private Explanation explanation(MacAddress mac, Optional<Machine> machine, Optional<String> profileId,
                                    String because, URI base) {
        MachineState state = machine.map(Machine::lifecycle).orElse(MachineState.PROVISION);
        List<Explanation.Artifact> artifacts = new ArrayList<>();
        if (machines.get(mac).isPresent()) {
            artifacts.add(artifact("machine", Optional.empty(), "machines/" + mac.hyphenated() + ".yaml"));
        }
        if (profileId.isEmpty()) {
            return new Explanation(mac, machine.isPresent(), profileId, because, state, Optional.empty(),
                    "told on its console that it is not registered; it asks again later", false, artifacts,
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        artifacts.add(artifact("profile", Optional.empty(), "profiles/" + profileId.get() + ".yaml"));
        Optional<Profile> profile = profiles.get(profileId.get());
        if (profile.isEmpty()) {
            String why = profiles.problemOf(profileId.get()).map(Problem::toString)
                    .orElse("no profile '" + profileId.get() + "' in the data directory");
            return new Explanation(mac, machine.isPresent(), profileId, because, state, Optional.empty(),
                    "refused, its profile does not load: " + why, false, artifacts, Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        Profile p = profile.get();
        String who = mac + machine.map(Machine::hostname).map(h -> " (" + h + ")").orElse("");
        if (state == MachineState.LOCAL) {
            return new Explanation(mac, machine.isPresent(), profileId, because, state, p.swarmRole(),
                    "boots its own disk (" + p.localBoot().label() + ")", true, artifacts,
                    rendered(() -> ipxe.local(p.localBoot(), who, base)),
                    rendered(() -> pxelinux.local(p.localBoot(), who, base).orElseThrow()), Optional.empty());
        }
        artifacts.add(template("boot script", "ipxe?mac=" + mac.hyphenated(), templates.bootScript()));
        artifacts.add(template("pxelinux config", "pxelinux.cfg/01-" + mac.hyphenated(), templates.pxelinuxConfig()));
        artifacts.add(asset("kernel", p.boot().kernel()));
        p.boot().initrds().forEach(initrd -> artifacts.add(asset("initrd", initrd)));
        Optional<Explanation.Config> config = Optional.empty();
        if (p.config().isPresent()) {
            String file = "configs/" + p.config().get();
            artifacts.add(artifact("ignition", Optional.of("ignition?mac=" + mac.hyphenated()), file));
            artifacts.add(artifact("oem archive", Optional.of(MachineLinks.oemArchiveName(mac, p.oem().layout())),
                    file));
            if (p.swarmRole().isPresent()) {
                templates.swarmUnits().forEach(unit -> artifacts.add(template("swarm unit", null, unit)));
            }
            config = machine.map(m -> config(configs.render(m, p, base, Enrollment.placeholder(base))));
        }
        Optional<String> script = rendered(() -> boot.preview(mac, machine, p, base, ipxe));
        Optional<String> refusal = refusal(state, config, script);
        String answer = refusal.orElseGet(() -> boots(state, p, machine));
        return new Explanation(mac, machine.isPresent(), profileId, because, state, p.swarmRole(), answer,
                refusal.isEmpty(), artifacts,
                script, rendered(() -> boot.preview(mac, machine, p, base, pxelinux).orElseThrow()), config);
    }

    private static Optional<String> refusal(MachineState state, Optional<Explanation.Config> config,
                                            Optional<String> script) {
        if (state == MachineState.FAILED) {
            return Optional.of("refused: the machine is in state failed (its timeline says why) until an operator "
                    + "sets it back");
        }
        if (script.isEmpty()) {
            return Optional.of("refused: its boot script does not render (see the boot script's template)");
        }
        if (config.isPresent() && !config.get().ready()) {
            return Optional.of("refused: its config cannot be made: " + config.get().problems().stream()
                    .findFirst().map(Problem::toString).orElse("unknown problem"));
        }
        return Optional.empty();
    }

    private static String boots(MachineState state, Profile profile, Optional<Machine> machine) {
        String boots = "boots profile " + profile.id() + (profile.config().isPresent() && machine.isEmpty()
                ? ", without a config: only registered machines get one" : "")
                + (profile.swarmRole().isPresent() && profile.enroll() == EnrollMode.ARMED
                ? ", if an operator armed this boot (enroll: armed)" : "");
        return state == MachineState.REPROVISION ? boots + " once, then its own disk" : boots;
    }

    private static Explanation.Config config(ConfigOutcome outcome) {
        if (outcome instanceof ConfigOutcome.Ready ready) {
            return new Explanation.Config(true, Optional.of("sha256:" + HexFormat.of().formatHex(Sha256.of(ready.ignition()))),
                    Optional.of(ready.ignition().length), ready.warnings());
        }
        List<Problem> problems = outcome instanceof ConfigOutcome.Broken broken ? broken.problems() : List.of();
        return new Explanation.Config(false, Optional.empty(), Optional.empty(), problems);
    }

    /** An answer as a template makes it; empty when it does not render (the boot would then be refused). */
    private static Optional<String> rendered(Supplier<String> render) {
        try {
            return Optional.of(render.get());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Explanation.Artifact artifact(String artifact, Optional<String> name, String relative) {
        Path file = dataDir.resolve(relative);
        return new Explanation.Artifact(artifact, name, relative, history.lastChange(file),
                Files.exists(file) ? Optional.empty() : Optional.of("the file does not exist"));
    }

    private Explanation.Artifact template(String artifact, String name, String template) {
        Optional<Path> file = templates.fileOf().apply(template);
        if (file.isEmpty()) {
            return new Explanation.Artifact(artifact, Optional.ofNullable(name), "built in: " + template,
                    Optional.empty(), Optional.empty());
        }
        Path path = file.get().toAbsolutePath().normalize();
        String shown = path.startsWith(dataDir) ? dataDir.relativize(path).toString() : path.toString();
        return new Explanation.Artifact(artifact, Optional.ofNullable(name), shown, history.lastChange(path),
                Optional.empty());
    }

    private Explanation.Artifact asset(String artifact, String path) {
        String relative = MachineLinks.ASSETS + path;
        Path file = dataDir.resolve(relative);
        Optional<String> note;
        try {
            note = Optional.of(Files.size(file) + " bytes");
        } catch (IOException e) {
            note = Optional.of("missing: the machine's download will fail");
        }
        return new Explanation.Artifact(artifact, Optional.of(relative), relative, history.lastChange(file), note);
    }
}
