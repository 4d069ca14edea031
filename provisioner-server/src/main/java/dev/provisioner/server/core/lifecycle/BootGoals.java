package dev.provisioner.server.core.lifecycle;

import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineState;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.Timeline;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the boot events on their way to the timeline for the moment a machine's boot reaches its goal: for a
 * profile with a swarm role, its node verified; for one with a config, the config (Ignition or the archive) served;
 * for one without, its boot script served, the last thing the server sees. A machine in state {@code reprovision}
 * then goes back to {@code local}. Each boot script served starts a boot: a machine that starts too many without
 * reaching its goal (the {@link BootLoopGuard}) is set to {@code failed}, so that it waits with the reason on its
 * console instead of rebooting again. Both changes go through the inventory (audited, as actor {@value #ACTOR}) and
 * are events of their own.
 */
public final class BootGoals implements Timeline {

    /** Who the audit log names for the server's own state changes. */
    public static final String ACTOR = "provisioner";
    private static final Logger LOG = LoggerFactory.getLogger(BootGoals.class);

    private final Timeline timeline;
    private final ProfileCatalog profiles;
    private final BootLoopGuard guard;
    private volatile Inventory inventory;

    public BootGoals(Timeline timeline, ProfileCatalog profiles, BootLoopGuard guard) {
        this.timeline = timeline;
        this.profiles = profiles;
        this.guard = guard;
    }

    /**
     * The inventory that state changes go through. Attached after construction because the inventory depends, through
     * the attempts and the node verifier, on this timeline; until then no state is changed.
     */
    public void changeStatesThrough(Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public void record(BootEvent event) {
        timeline.record(event);
        Inventory changes = inventory;
        if (changes == null || event.machine().mac().isEmpty() || !(reachesAnyGoal(event) || startsBoot(event))) {
            return;
        }
        try {
            follow(changes, event);
        } catch (RuntimeException e) {
            // the answer it follows is already made: a state that cannot be written must not fail it
            LOG.warn("machine {}: its state could not be changed after {} {}: {}", event.machine().mac().get(),
                    event.kind(), event.outcome(), e.toString());
        }
    }

    private void follow(Inventory changes, BootEvent event) {
        MacAddress mac = event.machine().mac().get();
        Optional<Machine> machine = changes.get(mac);
        if (machine.isEmpty()) {
            return;
        }
        MachineState state = machine.get().lifecycle();
        Optional<Profile> profile = profiles.get(machine.get().profile());
        if (state != MachineState.PROVISION && state != MachineState.REPROVISION) {
            return;
        }
        if (profile.isPresent() && reachesGoal(event, profile.get())) {
            guard.reached(mac);
            if (state == MachineState.REPROVISION && changes.changeState(ACTOR, mac, MachineState.REPROVISION,
                    MachineState.LOCAL, "reprovisioned, " + goal(profile.get()))) {
                LOG.info("machine {} reprovisioned ({} {}): its state is local again", mac, event.kind(), event.outcome());
            }
        } else if (startsBoot(event) && guard.started(mac, event.time())) {
            String why = "the boot-loop guard: " + guard.limit() + " without reaching its goal ("
                    + profile.map(BootGoals::goal).orElse("its profile loaded") + "); set its state back to provision "
                    + "when fixed";
            if (changes.changeState(ACTOR, mac, state, MachineState.FAILED, why)) {
                LOG.warn("machine {} is now failed, stopped by {}", mac, why);
            }
        }
    }

    /**
     * A boot script or pxelinux config served, or refused because the machine's own data does not render: a machine
     * that reboots into a config that never renders loops too. Refusals for reasons outside its data (no swarm, not
     * armed) do not count: the swarm coming back must not find a rack of failed machines.
     */
    private static boolean startsBoot(BootEvent event) {
        return (event.kind() == ArtifactKind.IPXE_SCRIPT || event.kind() == ArtifactKind.PXELINUX_CONFIG)
                && (event.outcome() == Outcome.SERVED || event.outcome() == Outcome.BROKEN);
    }

    private static String goal(Profile profile) {
        if (profile.swarmRole().isPresent()) {
            return "its swarm node verified";
        }
        return profile.config().isPresent() ? "its config fetched" : "its boot script fetched";
    }

    private static boolean reachesAnyGoal(BootEvent event) {
        return event.outcome() == Outcome.VERIFIED || (event.outcome() == Outcome.SERVED
                && (event.kind() == ArtifactKind.IGNITION || event.kind() == ArtifactKind.OEM_ARCHIVE));
    }

    static boolean reachesGoal(BootEvent event, Profile profile) {
        if (profile.swarmRole().isPresent()) {
            return event.kind() == ArtifactKind.SWARM_NODE && event.outcome() == Outcome.VERIFIED;
        }
        if (profile.config().isPresent()) {
            return (event.kind() == ArtifactKind.IGNITION || event.kind() == ArtifactKind.OEM_ARCHIVE)
                    && event.outcome() == Outcome.SERVED;
        }
        return startsBoot(event) && event.outcome() == Outcome.SERVED;
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        return timeline.of(mac);
    }
}
