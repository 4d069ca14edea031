package dev.provisioner.server.core.lifecycle;

import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineNotFoundException;
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
 * then goes back to {@code local}, through the inventory (audited, as actor {@value #ACTOR}).
 */
public final class BootGoals implements Timeline {

    /** Who the audit log names for the server's own state changes. */
    public static final String ACTOR = "provisioner";
    private static final Logger LOG = LoggerFactory.getLogger(BootGoals.class);

    private final Timeline timeline;
    private final ProfileCatalog profiles;
    private volatile Inventory inventory;

    public BootGoals(Timeline timeline, ProfileCatalog profiles) {
        this.timeline = timeline;
        this.profiles = profiles;
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
        if (changes == null || event.machine().mac().isEmpty()) {
            return;
        }
        MacAddress mac = event.machine().mac().get();
        Optional<Machine> machine = changes.get(mac);
        if (machine.isEmpty() || machine.get().lifecycle() != MachineState.REPROVISION) {
            return;
        }
        Optional<Profile> profile = profiles.get(machine.get().profile());
        if (profile.isPresent() && reachesGoal(event, profile.get())) {
            try {
                changes.change(ACTOR, mac, m -> m.lifecycle() == MachineState.REPROVISION ? m.withState(MachineState.LOCAL) : m);
                LOG.info("machine {} reprovisioned ({} {}): its state is local again", mac, event.kind(), event.outcome());
            } catch (MachineNotFoundException e) {
                // deleted in the meantime: nothing to change
            }
        }
    }

    static boolean reachesGoal(BootEvent event, Profile profile) {
        if (profile.swarmRole().isPresent()) {
            return event.kind() == ArtifactKind.SWARM_NODE && event.outcome() == Outcome.VERIFIED;
        }
        if (profile.config().isPresent()) {
            return (event.kind() == ArtifactKind.IGNITION || event.kind() == ArtifactKind.OEM_ARCHIVE)
                    && event.outcome() == Outcome.SERVED;
        }
        return (event.kind() == ArtifactKind.IPXE_SCRIPT || event.kind() == ArtifactKind.PXELINUX_CONFIG)
                && event.outcome() == Outcome.SERVED;
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        return timeline.of(mac);
    }
}
