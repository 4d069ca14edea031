package dev.provisioner.server.core;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every transport goes through: identify the machine, find its profile, plan its boot,
 * render the answer and record what was served. Adapters only decode requests and encode answers.
 */
public final class BootService {

    private static final Logger LOG = LoggerFactory.getLogger(BootService.class);

    private final MachineStore machines;
    private final ProfileCatalog profiles;
    private final BootRenderer renderer;
    private final ConfigRenderer configs;
    private final BootEventLog events;
    private final SwarmSource swarm;
    private final Optional<String> defaultProfile;
    private final Clock clock;

    public BootService(MachineStore machines, ProfileCatalog profiles, BootRenderer renderer, ConfigRenderer configs,
                       BootEventLog events, SwarmSource swarm, Optional<String> defaultProfile, Clock clock) {
        this.machines = machines;
        this.profiles = profiles;
        this.renderer = renderer;
        this.configs = configs;
        this.events = events;
        this.swarm = swarm;
        this.defaultProfile = defaultProfile;
        this.clock = clock;
    }

    public String ipxeChainScript(URI base) {
        return renderer.ipxeChain(base);
    }

    /** The machine's iPXE script; never fails: what cannot boot gets a script that says why. */
    public String ipxeScript(MachineKey key, URI base) {
        if (key.mac().isEmpty()) {
            return renderer.ipxeRefusal("the request carries no valid MAC address (expected ?mac=52-54-00-12-34-56)", base);
        }
        Decision decision = decide(key.mac().get(), base);
        if (decision instanceof Decision.Unknown unknown) {
            return refuse(key, base, "not registered", unknown.reason());
        }
        if (decision instanceof Decision.Refuse refusal) {
            return refuse(key, base, refusal.served(), refusal.reason());
        }
        BootPlan plan = ((Decision.Boot) decision).plan();
        String script;
        try {
            script = renderer.ipxeBoot(plan, base);
        } catch (RuntimeException e) {
            return refuse(key, base, "broken template", "machine " + plan.mac() + " cannot boot: " + e.getMessage());
        }
        record(key, "ipxe script", "profile " + plan.profile().id()
                + (plan.machine().isEmpty() ? " (default profile, machine not registered)" : ""));
        return script;
    }

    /**
     * The machine's pxelinux config ({@code pxelinux.cfg/01-<mac>}). Empty for a machine that is neither registered
     * nor covered by a default profile: pxelinux then goes on to its other names and {@code default}. A machine
     * that cannot boot gets a config that shows the reason and reboots to ask again.
     */
    public Optional<String> pxelinuxConfig(MachineKey key, URI base) {
        if (key.mac().isEmpty()) {
            return Optional.empty();
        }
        Decision decision = decide(key.mac().get(), base);
        if (decision instanceof Decision.Unknown unknown) {
            record(key, "refusal: not registered (pxelinux)", unknown.reason());
            return Optional.empty();
        }
        if (decision instanceof Decision.Refuse refusal) {
            record(key, "refusal: " + refusal.served() + " (pxelinux)", refusal.reason());
            return Optional.of(renderer.pxelinuxRefusal(refusal.reason()));
        }
        BootPlan plan = ((Decision.Boot) decision).plan();
        try {
            String config = renderer.pxelinuxBoot(plan);
            record(key, "pxelinux config", "profile " + plan.profile().id()
                    + (plan.machine().isEmpty() ? " (default profile, machine not registered)" : ""));
            return Optional.of(config);
        } catch (RuntimeException e) {
            String reason = "machine " + plan.mac() + " cannot boot: " + e.getMessage();
            record(key, "refusal: broken template (pxelinux)", reason);
            return Optional.of(renderer.pxelinuxRefusal(reason));
        }
    }

    /**
     * {@code pxelinux.cfg/default} rendered from the default profile, for machines pointed straight at it (DHCP
     * option 209, pxelinux.configfile), which name no MAC address. Empty without a default profile.
     */
    public Optional<String> pxelinuxDefault(MachineKey key) {
        if (defaultProfile.isEmpty()) {
            return Optional.empty();
        }
        String id = defaultProfile.get();
        Optional<Profile> profile = profiles.get(id);
        String reason;
        if (profile.isPresent()) {
            try {
                String config = renderer.pxelinuxDefault(profile.get());
                record(key, "pxelinux default", "profile " + id + " (default profile)");
                return Optional.of(config);
            } catch (RuntimeException e) {
                reason = "the default profile " + id + " cannot boot: " + e.getMessage();
            }
        } else {
            reason = "the default profile " + id + " cannot boot: " + whyNotLoaded(id);
        }
        record(key, "refusal: broken default profile (pxelinux)", reason);
        return Optional.of(renderer.pxelinuxRefusal(reason));
    }

    /** Why a profile the catalog does not hold cannot be used: its file's problem, or that there is no such file. */
    private String whyNotLoaded(String id) {
        return profiles.problemOf(id).map(Problem::toString).orElse("no profile '" + id + "' in the data directory");
    }

    /** What the one path decides for a machine, whatever boot loader will be told. */
    private sealed interface Decision {
        record Boot(BootPlan plan) implements Decision {
        }

        record Refuse(String served, String reason) implements Decision {
        }

        /** Neither registered nor covered by a default profile. */
        record Unknown(String reason) implements Decision {
        }
    }

    private Decision decide(MacAddress mac, URI base) {
        Optional<Machine> machine = machines.get(mac);
        Optional<String> profileId = machine.map(Machine::profile).or(() -> defaultProfile);
        if (profileId.isEmpty()) {
            return new Decision.Unknown("machine " + mac + " is not registered");
        }
        Optional<Profile> profile = profiles.get(profileId.get());
        if (profile.isEmpty()) {
            String why = whyNotLoaded(profileId.get());
            return new Decision.Refuse("broken profile", "machine " + mac + " cannot boot: profile " + profileId.get() + ": " + why);
        }
        List<AssetLink> oem = List.of();
        List<String> firstBoot = List.of();
        if (machine.isPresent() && profile.get().config().isPresent()) {
            // rendered now as well, so that a broken config reaches the console before the kernel loads
            ConfigOutcome outcome = configs.render(machine.get(), profile.get(), base);
            if (outcome instanceof ConfigOutcome.Broken broken) {
                return new Decision.Refuse("broken config", "machine " + mac + " cannot boot: " + broken.summary());
            }
            String suffix = profile.get().oem().layout().suffix();
            oem = List.of(new AssetLink("oem/" + mac.hyphenated() + suffix, "oem" + suffix,
                    base.resolve("oem/" + mac.hyphenated() + suffix)));
            firstBoot = firstBootArgs(profile.get());
        }
        return new Decision.Boot(plan(mac, machine, profile.get(), base, oem, firstBoot));
    }

    /**
     * The machine's Ignition config ({@code what} says which form is served: "ignition" or "oem archive").
     * Only registered machines get one: configs carry secrets, and a default profile is for booting only.
     */
    public ConfigOutcome config(MachineKey key, URI base, String what) {
        Optional<Machine> machine = key.mac().flatMap(machines::get);
        if (machine.isEmpty()) {
            if (key.mac().isPresent()) {
                record(key, "refusal: " + what, "machine " + key.mac().get() + " is not registered");
            }
            return new ConfigOutcome.NotRegistered();
        }
        String profileId = machine.get().profile();
        Optional<Profile> profile = profiles.get(profileId);
        ConfigOutcome outcome = profile.isPresent() ? configs.render(machine.get(), profile.get(), base)
                : new ConfigOutcome.Broken(List.of(profiles.problemOf(profileId)
                        .orElse(new Problem("profiles/" + profileId + ".yaml", 0, 0, "no such profile"))));
        if (outcome instanceof ConfigOutcome.Broken broken) {
            record(key, "refusal: " + what, broken.summary());
            return outcome;
        }
        Optional<SwarmRole> role = profile.flatMap(Profile::swarmRole);
        record(key, what, "profile " + profileId + role.map(r -> " (joins the swarm as " + r.dockerName() + ")").orElse(""));
        if (role.isPresent() && machine.get().hostname() != null) {
            // the machine is booting again: the node it was before is gone for good
            swarm.machineBooting(machine.get().hostname());
        }
        return outcome;
    }

    /** Records that a file under {@code assets/} was served to a machine that identified itself. */
    public void assetServed(MachineKey key, String path, int status) {
        record(key, "asset", path + " (HTTP " + status + ")");
    }

    public List<BootEvent> events(MacAddress mac) {
        return events.of(mac);
    }

    private String refuse(MachineKey key, URI base, String served, String reason) {
        record(key, "refusal: " + served, reason);
        return renderer.ipxeRefusal(reason, base);
    }

    private static BootPlan plan(MacAddress mac, Optional<Machine> machine, Profile profile, URI base,
                                 List<AssetLink> extraInitrds, List<String> extraArgs) {
        BootSpec boot = profile.boot();
        List<AssetLink> initrds = new ArrayList<>();
        for (String path : boot.initrds()) {
            initrds.add(link(path, base, mac));
        }
        initrds.addAll(extraInitrds);
        List<String> args = new ArrayList<>(boot.args());
        extraArgs.stream().filter(arg -> !args.contains(arg)).forEach(args::add);
        return new BootPlan(mac, machine, profile, link(boot.kernel(), base, mac), initrds, args);
    }

    /**
     * What makes the OS read the config from the OEM archive: Flatcar's first-boot flag; for Ignition 2.x (old
     * Container Linux) the CoreOS flag and the oem:// URL of the file; for Fedora CoreOS its first-boot flag and
     * the bare-metal platform, under which Ignition reads the config.ign the archive puts at the initramfs root.
     */
    private static List<String> firstBootArgs(Profile profile) {
        if (profile.oem().layout() == OemFormat.Layout.FCOS) {
            return List.of("ignition.firstboot", "ignition.platform.id=metal");
        }
        return profile.ignitionSpec().startsWith("2.")
                ? List.of("coreos.first_boot=1", "coreos.config.url=oem:///" + profile.oem().fileName())
                : List.of("flatcar.first_boot=1");
    }

    /** The MAC in the query lets the server attribute each download to the machine that made it. */
    private static AssetLink link(String path, URI base, MacAddress mac) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new AssetLink(path, name, base.resolve("assets/" + path + "?mac=" + mac.hyphenated()));
    }

    private void record(MachineKey key, String served, String detail) {
        String mac = key.mac().map(MacAddress::value).orElse("unknown");
        BootEvent event = new BootEvent(clock.instant(), mac, key.uuid(), key.serial(), key.arch(), key.platform(),
                key.sourceAddress(), served, detail);
        events.add(event);
        LOG.info("boot event: mac={} uuid={} serial={} arch={} platform={} from={} served={}: {}", mac, key.uuid(),
                key.serial(), key.arch(), key.platform(), key.sourceAddress(), served, detail);
    }
}
