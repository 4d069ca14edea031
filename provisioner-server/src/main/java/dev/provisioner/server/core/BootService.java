package dev.provisioner.server.core;

import dev.provisioner.server.core.links.AssetLink;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.core.timeline.Transfer;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.EnrollOutcome;
import dev.provisioner.server.core.trust.Enrollment;
import dev.provisioner.server.core.trust.Redemption;
import dev.provisioner.server.core.trust.BootAttempt;
import dev.provisioner.server.core.trust.Opening;
import dev.provisioner.server.core.trust.Proof;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every transport goes through: identify the machine, find its profile, plan its boot, render the
 * answer with the asking boot loader and record, once, what was decided. Adapters only decode requests and encode
 * answers. Nothing here waits on the network or changes anything outside the timeline.
 */
public final class BootService {

    private static final Logger LOG = LoggerFactory.getLogger(BootService.class);

    private final MachineStore machines;
    private final ProfileCatalog profiles;
    private final ConfigRenderer configs;
    private final Attempts attempts;
    private final SwarmSource swarm;
    private final Timeline timeline;
    private final Optional<String> defaultProfile;
    private final Clock clock;

    public BootService(MachineStore machines, ProfileCatalog profiles, ConfigRenderer configs, Attempts attempts,
                       SwarmSource swarm, Timeline timeline, Optional<String> defaultProfile, Clock clock) {
        this.machines = machines;
        this.profiles = profiles;
        this.configs = configs;
        this.attempts = attempts;
        this.swarm = swarm;
        this.timeline = timeline;
        this.defaultProfile = defaultProfile;
        this.clock = clock;
    }

    /** What the machine boots, in the words of {@code loader}; never fails: what cannot boot gets a refusal. */
    public <T> T answer(MachineIdentity who, Transport via, URI base, BootLoader<T> loader) {
        if (who.mac().isEmpty()) {
            String reason = "the request carries no valid MAC address (expected ?mac=52-54-00-12-34-56)";
            return loader.unknown(reason, base);
        }
        MacAddress mac = who.mac().get();
        Decision decision = decide(mac, who.source(), base);
        if (decision instanceof Decision.Conflict conflict) {
            LOG.warn("boot attempt conflict: {}", conflict.detail());
            return refuse(who, via, base, loader, Outcome.CONFLICT, conflict.profile(), conflict.detail(),
                    conflict.reason());
        }
        if (decision instanceof Decision.Unknown unknown) {
            record(who, loader.kind(), via, Outcome.NOT_REGISTERED, null, withAsked(unknown.reason(), loader));
            return loader.unknown(unknown.reason(), base);
        }
        if (decision instanceof Decision.Refuse refusal) {
            return refuse(who, via, base, loader, refusal.outcome(), refusal.profile(), refusal.reason());
        }
        if (decision instanceof Decision.Local local) {
            return local(who, via, base, loader, local);
        }
        return render(who, via, base, loader, ((Decision.Boot) decision).plan());
    }

    /**
     * The default profile's answer for an asker that named no machine ({@code pxelinux.cfg/default}, read by
     * machines pointed straight at it). Empty without a default profile.
     */
    public <T> Optional<T> answerDefault(MachineIdentity who, Transport via, URI base, BootLoader<T> loader) {
        if (defaultProfile.isEmpty()) {
            return Optional.empty();
        }
        String id = defaultProfile.get();
        Optional<Profile> profile = profiles.get(id);
        if (profile.isEmpty()) {
            return Optional.of(refuse(who, via, base, loader, Outcome.BROKEN, id, "the default profile " + id
                    + " cannot boot: " + whyNotLoaded(id)));
        }
        return Optional.of(render(who, via, base, loader,
                plan(Optional.empty(), Optional.empty(), profile.get(), base, List.of(), List.of())));
    }

    private <T> T local(MachineIdentity who, Transport via, URI base, BootLoader<T> loader, Decision.Local local) {
        T answer;
        try {
            answer = loader.local(local.how(), local.machine(), base);
        } catch (RuntimeException e) {
            return refuse(who, via, base, loader, Outcome.BROKEN, local.profile(), "machine " + local.machine()
                    + " is in state local, and its local boot does not render: " + e.getMessage());
        }
        record(who, loader.kind(), via, Outcome.LOCAL, local.profile(), withAsked(local.how().label(), loader));
        return answer;
    }

    private <T> T render(MachineIdentity who, Transport via, URI base, BootLoader<T> loader, BootPlan plan) {
        T answer;
        try {
            answer = loader.boot(plan, base);
        } catch (UnsupportedFirmwareException e) {
            return refuse(who, via, base, loader, Outcome.REFUSED, plan.profile().id(), e.getMessage());
        } catch (RuntimeException e) {
            String machine = plan.mac().map(m -> "machine " + m).orElse("the default profile " + plan.profile().id());
            return refuse(who, via, base, loader, Outcome.BROKEN, plan.profile().id(), machine + " cannot boot: "
                    + e.getMessage());
        }
        record(who, loader.kind(), via, Outcome.SERVED, plan.profile().id(),
                withAsked(plan.machine().isEmpty() ? "default profile, machine not registered" : null, loader));
        return answer;
    }

    private <T> T refuse(MachineIdentity who, Transport via, URI base, BootLoader<T> loader, Outcome outcome,
                         String profile, String reason) {
        return refuse(who, via, base, loader, outcome, profile, reason, reason);
    }

    /** {@code detail} goes to the timeline; {@code reason} to the asker, who may be an impostor. */
    private <T> T refuse(MachineIdentity who, Transport via, URI base, BootLoader<T> loader, Outcome outcome,
                         String profile, String detail, String reason) {
        record(who, loader.kind(), via, outcome, profile, withAsked(detail, loader));
        try {
            return loader.refusal(reason, base);
        } catch (RuntimeException e) {
            LOG.warn("the {} refusal template does not render: {}", Labels.of(loader.kind()), e.getMessage());
            return loader.plainRefusal(reason + " (and the refusal template does not render: " + e.getMessage() + ")", base);
        }
    }

    private static String withAsked(String detail, BootLoader<?> loader) {
        Optional<String> asked = loader.asked();
        if (asked.isEmpty()) {
            return detail;
        }
        return detail == null ? asked.get() : detail + "; " + asked.get();
    }

    /** Why a profile the catalog does not hold cannot be used: its file's problem, or that there is no such file. */
    private String whyNotLoaded(String id) {
        return profiles.problemOf(id).map(Problem::toString).orElse("no profile '" + id + "' in the data directory");
    }

    /** What the one path decides for a machine, whatever boot loader will be told. */
    private sealed interface Decision {
        record Boot(BootPlan plan) implements Decision {
        }

        /** {@code outcome}: {@link Outcome#BROKEN} when the machine's data is at fault, else {@link Outcome#REFUSED}. */
        record Refuse(Outcome outcome, String profile, String reason) implements Decision {
        }

        /**
         * Another address has a live boot attempt for the machine: nothing signed is handed out until it is cleared.
         * {@code reason} is what the asker is told, without the other address; {@code detail} is for operators.
         */
        record Conflict(String profile, String reason, String detail) implements Decision {
        }

        /** The machine is in state local: sent to its own disk, {@code how} its profile says. */
        record Local(String profile, LocalBoot how, String machine) implements Decision {
        }

        /** Neither registered nor covered by a default profile. */
        record Unknown(String reason) implements Decision {
        }
    }

    private Decision decide(MacAddress mac, String source, URI base) {
        Optional<Machine> machine = machines.get(mac);
        Optional<String> profileId = machine.map(Machine::profile).or(() -> defaultProfile);
        if (profileId.isEmpty()) {
            return new Decision.Unknown("machine " + mac + " is not registered");
        }
        Optional<Profile> profile = profiles.get(profileId.get());
        if (machine.isPresent() && machine.get().lifecycle() == MachineState.LOCAL) {
            // its disk does not need the profile: one that does not load now still lets it boot, the default way
            return new Decision.Local(profileId.get(), profile.map(Profile::localBoot).orElse(LocalBoot.EXIT),
                    mac + (machine.get().hostname() == null ? "" : " (" + machine.get().hostname() + ")"));
        }
        if (profile.isEmpty()) {
            return new Decision.Refuse(Outcome.BROKEN, profileId.get(), "machine " + mac + " cannot boot: profile " + profileId.get()
                    + ": " + whyNotLoaded(profileId.get()));
        }
        if (machine.isPresent() && machine.get().lifecycle() == MachineState.FAILED) {
            return new Decision.Refuse(Outcome.REFUSED, profileId.get(), "machine " + mac + " is in state failed (its timeline says "
                    + "why); an operator sets it back: PATCH /api/v1/machines/" + mac.hyphenated()
                    + " {\"state\": \"provision\"}");
        }
        List<AssetLink> oem = List.of();
        List<String> firstBoot = List.of();
        // an asker with no address yet (a DHCP DISCOVER) gets its first file; the attempt is opened once it has one
        if (machine.isPresent() && profile.get().config().isPresent() && source != null) {
            // rendered now as well, so that a broken config reaches the console before the kernel loads
            ConfigOutcome outcome = configs.render(machine.get(), profile.get(), base, Enrollment.placeholder(base));
            if (outcome instanceof ConfigOutcome.Broken broken) {
                return new Decision.Refuse(broken.external() ? Outcome.REFUSED : Outcome.BROKEN, profileId.get(),
                        "machine " + mac + " cannot boot: " + broken.summary());
            }
            boolean guarded = profile.get().swarmRole().isPresent();
            Opening opening = attempts.open(mac, source, guarded, guarded && profile.get().enroll() == EnrollMode.ARMED);
            if (opening instanceof Opening.NotArmed) {
                return new Decision.Refuse(Outcome.REFUSED, profileId.get(), "machine " + mac + " enrolls only when armed (profile "
                        + profileId.get() + ": enroll: armed), and no operator armed it for this boot: POST /api/v1/machines/"
                        + mac.hyphenated() + "/arm");
            }
            String clear = "DELETE /api/v1/machines/" + mac.hyphenated() + "/attempt";
            if (opening instanceof Opening.Conflict conflict) {
                return new Decision.Conflict(profileId.get(), "machine " + mac + " is booting from another address; "
                        + "nothing is handed out until an operator clears the conflict (" + clear + ")",
                        "machine " + mac + " booted from " + conflict.live().source() + " at " + conflict.live().opened()
                        + " and now asks from " + source + "; nothing is handed out until " + clear);
            }
            if (opening instanceof Opening.NodeRunning) {
                return new Decision.Conflict(profileId.get(), "machine " + mac + " is running in the swarm, and a "
                        + "running machine does not network-boot; nothing is handed out until an operator clears the "
                        + "conflict (" + clear + ")", "machine " + mac + " asks to boot from " + source
                        + " while its verified swarm node is Ready; nothing is handed out until " + clear);
            }
            BootAttempt attempt = ((Opening.Opened) opening).attempt();
            oem = oemArchive(mac, profile.get(), base, Optional.of(attempts.proof(attempt)));
            firstBoot = firstBootArgs(profile.get());
        }
        return new Decision.Boot(plan(Optional.of(mac), machine, profile.get(), base, oem, firstBoot));
    }

    /**
     * What the machine would be answered with {@code profile} now, without asking: no boot attempt is opened and
     * nothing is recorded, and the archive's link carries no signature (each boot gets its own). For explain, and for
     * a profile's preview before it is assigned. Throws as {@link BootLoader#boot} does.
     */
    public <T> T preview(MacAddress mac, Optional<Machine> machine, Profile profile, URI base, BootLoader<T> loader) {
        boolean configured = machine.isPresent() && profile.config().isPresent();
        return loader.boot(plan(Optional.of(mac), machine, profile, base,
                configured ? oemArchive(mac, profile, base, Optional.empty()) : List.of(),
                configured ? firstBootArgs(profile) : List.of()), base);
    }

    /** The profile's archive of the machine's config, as one more initrd. */
    private static List<AssetLink> oemArchive(MacAddress mac, Profile profile, URI base, Optional<Proof> proof) {
        return List.of(MachineLinks.oemArchive(mac, profile.oem().layout(), base, proof));
    }

    /**
     * The machine's Ignition JSON. Only registered machines get one; one that carries secrets (a swarm profile's)
     * only with the proof of the machine's live boot attempt, from the attempt's address.
     */
    public ConfigOutcome ignition(MachineIdentity who, Optional<Proof> proof, Transport via, URI base) {
        return config(who, ArtifactKind.IGNITION, Optional.empty(), proof, via, base);
    }

    /** The machine's config packed as {@code layout} asks; a layout its profile does not pack is a wrong name. */
    public ConfigOutcome oemArchive(MachineIdentity who, OemFormat.Layout layout, Optional<Proof> proof, Transport via,
                                    URI base) {
        return config(who, ArtifactKind.OEM_ARCHIVE, Optional.of(layout), proof, via, base);
    }

    private ConfigOutcome config(MachineIdentity who, ArtifactKind kind, Optional<OemFormat.Layout> layout,
                                 Optional<Proof> proof, Transport via, URI base) {
        Optional<Machine> machine = who.mac().flatMap(machines::get);
        if (machine.isEmpty()) {
            who.mac().ifPresent(mac -> record(who, kind, via, Outcome.NOT_REGISTERED, null,
                    "machine " + mac + " is not registered"));
            return new ConfigOutcome.NotRegistered();
        }
        MacAddress mac = machine.get().mac();
        String profileId = machine.get().profile();
        Optional<Profile> profile = profiles.get(profileId);
        // refused before anything is rendered or recorded: the name is wrong, not the machine
        if (profile.isPresent() && profile.get().config().isEmpty()) {
            return new ConfigOutcome.NoConfig();
        }
        if (profile.isPresent() && layout.isPresent() && layout.get() != profile.get().oem().layout()) {
            return new ConfigOutcome.WrongName(MachineLinks.oemArchiveName(mac, profile.get().oem().layout()));
        }
        Enrollment enrollment = Enrollment.placeholder(base);
        if (profile.isPresent() && profile.get().swarmRole().isPresent()) {
            Optional<String> refusal = attempts.refusal(mac, who.source(), proof);
            if (refusal.isPresent()) {
                LOG.warn("refused the config of machine {} to {}: {}", mac, who.source(), refusal.get());
                record(who, kind, via, Outcome.FORBIDDEN, profileId, refusal.get());
                return new ConfigOutcome.Forbidden(refusal.get());
            }
            // the proof held, so the attempt is there: its credential goes into the join unit
            enrollment = new Enrollment(attempts.credential(attempts.current(mac).orElseThrow()),
                    base.resolve(Enrollment.PATH));
        }
        ConfigOutcome outcome = profile.isPresent() ? configs.render(machine.get(), profile.get(), base, enrollment)
                : new ConfigOutcome.Broken(List.of(profiles.problemOf(profileId)
                        .orElse(new Problem("profiles/" + profileId + ".yaml", 0, 0, "no such profile"))));
        if (outcome instanceof ConfigOutcome.Broken broken) {
            record(who, kind, via, broken.external() ? Outcome.REFUSED : Outcome.BROKEN, profileId, broken.summary());
        } else {
            record(who, kind, via, Outcome.SERVED, profileId, profile.flatMap(Profile::swarmRole)
                    .map(BootService::joinsAs).orElse(null));
        }
        return outcome;
    }

    /**
     * Trades a join unit's one-time enrollment credential for the worker join token and the managers, whatever the
     * machine's role: a manager is promoted once its node is verified, so the manager token never leaves the swarm. The swarm is
     * read first, so that a credential is only spent when a token can be given for it. Every refusal is an event
     * and a WARN line; no answer but a grant carries a token.
     */
    public EnrollOutcome enroll(String credential, String source) {
        SwarmCredentials swarmNow;
        try {
            swarmNow = swarm.credentials();
        } catch (SwarmUnavailableException e) {
            return new EnrollOutcome.Unavailable(e.getMessage());
        }
        Redemption redemption = attempts.redeem(credential, source);
        if (redemption instanceof Redemption.Refused refused) {
            LOG.warn("refused an enrollment from {}{}: {}", source, refused.mac().map(m -> " for machine " + m).orElse(""),
                    refused.reason());
            record(new MachineIdentity(refused.mac(), null, null, null, null, null, source), ArtifactKind.ENROLLMENT,
                    Transport.HTTP, Outcome.FORBIDDEN, null, refused.reason());
            return new EnrollOutcome.Refused(refused.reason());
        }
        BootAttempt attempt = ((Redemption.Redeemed) redemption).attempt();
        MachineIdentity who = MachineIdentity.of(attempt.mac(), source);
        Optional<Profile> profile = machines.get(attempt.mac()).flatMap(m -> profiles.get(m.profile()));
        Optional<SwarmRole> role = profile.flatMap(Profile::swarmRole);
        Optional<String> token = swarmNow.workerToken();
        if (role.isEmpty() || token.isEmpty() || swarmNow.managers().isEmpty()) {
            String reason = role.isEmpty() ? "the machine's profile has no swarm role"
                    : "the swarm has no worker join token or no manager (see GET /api/v1/swarm)";
            record(who, ArtifactKind.ENROLLMENT, Transport.HTTP, Outcome.REFUSED, profile.map(Profile::id).orElse(null), reason);
            return new EnrollOutcome.Refused(reason);
        }
        record(who, ArtifactKind.ENROLLMENT, Transport.HTTP, Outcome.SERVED, profile.get().id(), joinsAs(role.get()));
        return new EnrollOutcome.Granted(token.get(), swarmNow.managers());
    }

    private static String joinsAs(SwarmRole role) {
        return role == SwarmRole.MANAGER ? "joins the swarm as worker, to be promoted to manager once verified"
                : "joins the swarm as worker";
    }

    /**
     * The address DHCP reservation mode gives the machine: the {@code ipv4} of its record; none for a machine that
     * is not registered or has none, which then gets no answer at all.
     */
    public Optional<String> reservedAddress(MacAddress mac) {
        return machines.get(mac).flatMap(Machine::reservedAddress);
    }

    /**
     * Records a download by a machine that named itself: a file under {@code assets/} ({@link ArtifactKind#ASSET}), or
     * a first file fetched over HTTP ({@link ArtifactKind#DHCP_BOOT_FILE}), with its size and duration when the
     * transport measured them.
     */
    public void fileServed(MachineIdentity who, ArtifactKind kind, Transport via, String path, boolean found,
                           Optional<Transfer> transfer) {
        record(who, kind, via, found ? Outcome.SERVED : Outcome.MISSING, path, null, transfer);
    }

    public List<BootEvent> timeline(MacAddress mac) {
        return timeline.of(mac);
    }

    private static BootPlan plan(Optional<MacAddress> mac, Optional<Machine> machine, Profile profile, URI base,
                                 List<AssetLink> extraInitrds, List<String> extraArgs) {
        BootSpec boot = profile.boot();
        List<AssetLink> initrds = new ArrayList<>();
        for (String path : boot.initrds()) {
            initrds.add(MachineLinks.asset(path, mac, base));
        }
        initrds.addAll(extraInitrds);
        List<String> args = new ArrayList<>(boot.args());
        extraArgs.stream().filter(arg -> !args.contains(arg)).forEach(args::add);
        return new BootPlan(mac, machine, profile, MachineLinks.asset(boot.kernel(), mac, base), initrds, args);
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

    private void record(MachineIdentity who, ArtifactKind kind, Transport via, Outcome outcome, String artifact,
                        String detail) {
        record(who, kind, via, outcome, artifact, detail, Optional.empty());
    }

    private void record(MachineIdentity who, ArtifactKind kind, Transport via, Outcome outcome, String artifact,
                        String detail, Optional<Transfer> transfer) {
        BootEvent event = new BootEvent(clock.instant(), who, kind, via, outcome, artifact, detail, transfer);
        timeline.record(event);
        LOG.info("boot event: mac={} uuid={} serial={} arch={} platform={} from={} {} {} {}{}{}{}",
                who.mac().map(MacAddress::value).orElse("none"), who.uuid(), who.serial(), who.arch(), who.platform(),
                who.source(), Labels.of(via), Labels.of(kind), Labels.of(outcome), artifact == null ? "" : " " + artifact,
                detail == null ? "" : ": " + detail, transfer.map(t -> " (" + t.bytes() + " bytes in "
                        + t.took().toMillis() + " ms)").orElse(""));
    }
}
