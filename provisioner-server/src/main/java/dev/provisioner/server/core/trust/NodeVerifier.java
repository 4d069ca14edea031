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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    public NodeVerifier(MachineStore machines, ProfileCatalog profiles, AttemptStore attempts, Timeline timeline,
                        Duration grace, Clock clock) {
        this.machines = machines;
        this.profiles = profiles;
        this.attempts = attempts;
        this.timeline = timeline;
        this.grace = grace;
        this.clock = clock;
    }

    /** Judges the swarm's nodes as they are now; the verdicts are also what {@link #verdicts()} shows next. */
    public List<NodeVerdict> judge(List<SwarmMember> nodes) {
        Instant now = clock.instant();
        // a hostname two hand-edited files share identifies neither machine
        Map<String, Machine> byHostname = machines.list().stream().filter(m -> m.hostname() != null)
                .collect(Collectors.groupingBy(Machine::hostname)).entrySet().stream()
                .filter(e -> e.getValue().size() == 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
        List<NodeVerdict> verdicts = nodes.stream().map(node -> judge(node, byHostname.get(node.hostname()), now)).toList();
        last = verdicts;
        return verdicts;
    }

    private NodeVerdict judge(SwarmMember node, Machine machine, Instant now) {
        Optional<MacAddress> claimed = Optional.ofNullable(machine).map(Machine::mac);
        if (machine != null && (node.verifiedFor().equals(claimed) || enrolledHere(machine, node))) {
            Set<Action> actions = EnumSet.noneOf(Action.class);
            if (!node.verifiedFor().equals(claimed)) {
                actions.add(Action.MARK_VERIFIED);
            }
            if (node.quarantinedSince().isPresent()) {
                actions.add(Action.RELEASE);
            }
            // once: a manager demotes itself before it leaves, and an operator may demote one; neither is undone
            if (!node.manager() && !node.promoted() && node.state() == SwarmMember.State.READY
                    && role(machine) == SwarmRole.MANAGER) {
                actions.add(Action.PROMOTE);
            }
            return new NodeVerdict(node, Standing.VERIFIED, claimed, "enrolled from " + node.address()
                    + " as machine " + machine.mac(), actions);
        }
        if (node.trusted()) {
            return new NodeVerdict(node, Standing.TRUSTED, claimed, "labelled trusted by an operator",
                    node.quarantinedSince().isPresent() ? Set.of(Action.RELEASE) : Set.of());
        }
        if (node.manager()) {
            return new NodeVerdict(node, Standing.FOUNDER, claimed, "a manager no boot made", Set.of());
        }
        String why = machine == null ? "no registered machine is called " + node.hostname()
                : "no enrollment of machine " + machine.mac() + " from " + node.address() + " in the boot that made the node";
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
                .filter(attempt -> attempt.source().equals(node.address()))
                .filter(attempt -> !node.created().isBefore(attempt.opened()))
                .isPresent();
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
                    new MachineIdentity(verdict.machine(), null, null, null, null, verdict.node().address()),
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
