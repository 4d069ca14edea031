package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.NodeVerdict.Action;
import dev.provisioner.server.core.trust.NodeVerdict.Standing;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every swarm node against the boot that made it. A node is verified when the registered machine with its
 * hostname enrolled, in the boot attempt the node was made in, from the node's address; the verdict is then written
 * on the node, so it holds after a restart. A worker nothing verifies (one joined with a token that leaked, or that
 * a copied config was traded for) is drained at once and removed after {@code grace}. Managers are left alone:
 * the manager token never leaves the swarm, so a manager was made by someone who holds manager access. Verified
 * nodes of manager-role machines are promoted, once.
 */
public final class NodeVerifier implements RunningNodes {

    private static final Logger LOG = LoggerFactory.getLogger(NodeVerifier.class);

    private final MachineStore machines;
    private final ProfileCatalog profiles;
    private final AttemptStore attempts;
    private final Timeline timeline;
    private final Duration grace;
    private final Clock clock;
    private volatile List<NodeVerdict> last = List.of();
    /** The node each machine's join was recorded for; one entry a verified machine, so bounded by the inventory. */
    private final Map<MacAddress, String> joined = new ConcurrentHashMap<>();

    public NodeVerifier(MachineStore machines, ProfileCatalog profiles, AttemptStore attempts, Timeline timeline,
                        Duration grace, Clock clock) {
        this.machines = machines;
        this.profiles = profiles;
        this.attempts = attempts;
        this.timeline = timeline;
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * Judges the swarm's nodes as they are now; the verdicts are also what {@link #verdicts()} shows next. When a
     * pass would quarantine more than half the workers (and more than two), it quarantines none and says why: that
     * is an inventory gone wrong (machine files lost, hostnames renamed), not an intrusion, and draining them all
     * would take a rack's work away.
     */
    public List<NodeVerdict> judge(List<SwarmMember> nodes) {
        Instant now = clock.instant();
        List<Machine> registered = machines.list();
        Map<MacAddress, Machine> byMac = registered.stream().collect(Collectors.toMap(Machine::mac, m -> m));
        Map<String, List<Machine>> byHostname = registered.stream().filter(m -> m.hostname() != null)
                .collect(Collectors.groupingBy(Machine::hostname));
        List<NodeVerdict> verdicts = nodes.stream()
                .map(node -> judge(node, byMac, byHostname.getOrDefault(node.hostname(), List.of()), now)).toList();
        long workers = nodes.stream().filter(n -> !n.manager()).count();
        long quarantines = verdicts.stream().filter(v -> v.actions().contains(Action.QUARANTINE)).count();
        if (quarantines > 2 && quarantines * 2 > workers) {
            LOG.warn("not quarantining {} of {} swarm workers at once: check the machine inventory (files lost, "
                    + "hostnames changed?); nodes stay as they are until fewer are unmatched", quarantines, workers);
            verdicts = verdicts.stream().map(v -> v.actions().contains(Action.QUARANTINE)
                    ? new NodeVerdict(v.node(), v.standing(), v.machine(), v.reason() + "; held: " + quarantines + " of "
                            + workers + " workers unmatched at once", Set.of()) : v).toList();
        }
        last = verdicts;
        verdicts.forEach(verdict -> recordJoin(verdict, now));
        return verdicts;
    }

    /**
     * The moment a machine's boot joined the swarm: the first pass that finds its verified node {@code Ready}, for a
     * node made in the machine's current boot attempt (a node of an earlier boot did not join in this one). Once per
     * node: remembered here, and after a restart read from the machine's timeline.
     */
    private void recordJoin(NodeVerdict verdict, Instant now) {
        if (verdict.standing() != Standing.VERIFIED || verdict.machine().isEmpty()
                || verdict.node().state() != SwarmMember.State.READY) {
            return;
        }
        MacAddress mac = verdict.machine().get();
        SwarmMember node = verdict.node();
        if (node.id().equals(joined.get(mac))) {
            return;
        }
        boolean thisBoot = attempts.current(mac).filter(attempt -> !node.created().isBefore(attempt.opened())).isPresent();
        // after a restart, the timeline remembers what this process does not
        boolean recorded = timeline.of(mac).stream().anyMatch(event -> event.kind() == ArtifactKind.SWARM_NODE
                && event.outcome() == Outcome.JOINED && node.id().equals(event.artifact()));
        if (!thisBoot || recorded) {
            if (recorded) {
                joined.put(mac, node.id());
            }
            return;
        }
        joined.put(mac, node.id());
        timeline.record(new BootEvent(now, new MachineIdentity(verdict.machine(), null, null, null, null, null,
                node.address()), ArtifactKind.SWARM_NODE, Transport.SWARM, Outcome.JOINED, node.id(), "node "
                + node.id() + " (" + node.hostname() + " at " + node.address() + ") is Ready in the swarm"));
        LOG.info("swarm node {} ({} at {}) of machine {} is Ready", node.id(), node.hostname(), node.address(), mac);
    }

    /**
     * A node marked verified for a machine that is still registered stays verified (the mark only a holder of manager
     * access can write, and a hostname renamed since must not take a running node's work away); otherwise the
     * machines with the node's hostname are tried, in case a hand-edited file gave two of them one name.
     */
    private NodeVerdict judge(SwarmMember node, Map<MacAddress, Machine> byMac, List<Machine> named, Instant now) {
        Optional<Machine> machine = node.verifiedFor().map(byMac::get)
                .or(() -> named.stream().filter(m -> enrolledHere(m, node)).findFirst());
        if (machine.isPresent()) {
            Optional<MacAddress> mac = Optional.of(machine.get().mac());
            Set<Action> actions = EnumSet.noneOf(Action.class);
            if (!node.verifiedFor().equals(mac)) {
                actions.add(Action.MARK_VERIFIED);
            }
            if (node.quarantinedSince().isPresent()) {
                actions.add(Action.RELEASE);
            }
            // once: a manager demotes itself before it leaves, and an operator may demote one; neither is undone
            if (!node.manager() && !node.promoted() && node.state() == SwarmMember.State.READY
                    && role(machine.get()) == SwarmRole.MANAGER) {
                actions.add(Action.PROMOTE);
            }
            return new NodeVerdict(node, Standing.VERIFIED, mac, "enrolled from " + node.address()
                    + " as machine " + machine.get().mac(), actions);
        }
        Optional<MacAddress> claimed = named.size() == 1 ? Optional.of(named.get(0).mac()) : Optional.empty();
        if (node.trusted()) {
            return new NodeVerdict(node, Standing.TRUSTED, claimed, "labelled trusted by an operator",
                    node.quarantinedSince().isPresent() ? Set.of(Action.RELEASE) : Set.of());
        }
        if (node.manager()) {
            return new NodeVerdict(node, Standing.FOUNDER, claimed, "a manager no boot made", Set.of());
        }
        String why = named.isEmpty() ? "no registered machine is called " + node.hostname()
                : "no enrollment of " + (named.size() == 1 ? "machine " + named.get(0).mac()
                : named.size() + " machines called " + node.hostname()) + " from " + node.address()
                + " in the boot that made the node";
        if (node.quarantinedSince().isEmpty()) {
            return new NodeVerdict(node, Standing.QUARANTINED, claimed, why, Set.of(Action.QUARANTINE));
        }
        Instant removal = node.quarantinedSince().get().plus(grace);
        return new NodeVerdict(node, Standing.QUARANTINED, claimed, why,
                now.isBefore(removal) ? Set.of() : Set.of(Action.REMOVE));
    }

    /** The machine's current attempt enrolled from the node's address, and the node was made in that boot. */
    private boolean enrolledHere(Machine machine, SwarmMember node) {
        return attempts.current(machine.mac())
                .filter(attempt -> attempt.enrolled().isPresent())
                .filter(attempt -> sameAddress(attempt.source(), node.address()))
                .filter(attempt -> !node.created().isBefore(attempt.opened()))
                .isPresent();
    }

    /**
     * Whether two spellings name one address: the HTTP server and the Engine API write IPv6 differently (expanded or
     * compressed, with or without brackets). Only literals are compared; nothing is looked up.
     */
    static boolean sameAddress(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        String left = a.replaceAll("^\\[|\\]$", "");
        String right = b.replaceAll("^\\[|\\]$", "");
        if (!left.contains(":") || !right.contains(":")) {
            return left.equals(right);
        }
        try {
            // with a colon in it, a name is parsed as an IPv6 literal, never resolved
            return InetAddress.getByName(left).equals(InetAddress.getByName(right));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private SwarmRole role(Machine machine) {
        return profiles.get(machine.profile()).flatMap(Profile::swarmRole).orElse(SwarmRole.WORKER);
    }

    /**
     * Records what was done to a node by a verdict's actions, once they are carried out: an event on the timeline of
     * the machine the node is or claims to be (counted with the rest), and a log line, WARN for a quarantine.
     */
    public void carriedOut(NodeVerdict verdict) {
        for (Action action : verdict.actions()) {
            Optional<Outcome> outcome = switch (action) {
                case MARK_VERIFIED -> Optional.of(Outcome.VERIFIED);
                case PROMOTE -> Optional.of(Outcome.PROMOTED);
                case QUARANTINE -> Optional.of(Outcome.QUARANTINED);
                case REMOVE -> Optional.of(Outcome.REMOVED);
                case RELEASE -> Optional.empty();
            };
            String detail = "node " + verdict.node().id() + " (" + verdict.node().hostname() + " at "
                    + verdict.node().address() + "): " + describe(action) + "; " + verdict.reason();
            if (action == Action.QUARANTINE || action == Action.REMOVE) {
                LOG.warn("swarm {}", detail);
            } else {
                LOG.info("swarm {}", detail);
            }
            outcome.ifPresent(o -> timeline.record(new BootEvent(clock.instant(),
                    new MachineIdentity(verdict.machine(), null, null, null, null, null, verdict.node().address()),
                    ArtifactKind.SWARM_NODE, Transport.SWARM, o, verdict.node().id(), detail)));
        }
    }

    /** The verdicts of the last pass, for operators. */
    public List<NodeVerdict> verdicts() {
        return last;
    }

    @Override
    public boolean running(MacAddress mac) {
        return last.stream().anyMatch(v -> v.standing() == Standing.VERIFIED && v.machine().equals(Optional.of(mac))
                && v.node().state() == SwarmMember.State.READY);
    }

    private static String describe(Action action) {
        return switch (action) {
            case MARK_VERIFIED -> "verified";
            case RELEASE -> "released from quarantine";
            case PROMOTE -> "promoted to manager";
            case QUARANTINE -> "drained and quarantined";
            case REMOVE -> "removed after the quarantine's grace period";
        };
    }
}
