package dev.provisioner.server.core.lifecycle;

import dev.provisioner.server.core.LeastRecentlyUsed;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Boots;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Counts boots as the events go by, cut where {@link Boots} cuts them: each started, completed (its goal reached,
 * once), and the time from its first request to its node joining; and the machines set to failed. Follows
 * the {@code maxMachines} machines seen last: one not seen for longer has been quiet for longer than a boot lasts.
 */
public final class BootCounter implements Timeline {

    private final Timeline timeline;
    private final MachineStore machines;
    private final ProfileCatalog profiles;
    private final BootMetrics metrics;
    private final Map<MacAddress, Current> current;

    /** The boot a machine is in: when it began, its last event, whether it got past its opening, and its goal. */
    private static final class Current {
        final Instant started;
        Instant last;
        boolean progressed;
        boolean completed;

        Current(Instant started) {
            this.started = started;
            this.last = started;
        }
    }

    public BootCounter(Timeline timeline, MachineStore machines, ProfileCatalog profiles, BootMetrics metrics,
                       int maxMachines) {
        this.timeline = timeline;
        this.machines = machines;
        this.profiles = profiles;
        this.metrics = metrics;
        this.current = LeastRecentlyUsed.map(maxMachines);
    }

    @Override
    public void record(BootEvent event) {
        timeline.record(event);
        if (event.machine().mac().isEmpty()) {
            return;
        }
        MacAddress mac = event.machine().mac().get();
        String profile = machines.get(mac).map(Machine::profile).orElse(BootMetrics.UNREGISTERED);
        if (event.kind() == ArtifactKind.MACHINE_STATE && event.outcome() == Outcome.FAILED) {
            metrics.failed(profile);
        }
        synchronized (current) {
            Current boot = current.get(mac);
            if (boot == null && !Boots.opens(event)) {
                // the swarm or an operator, about a machine not seen booting since the server started
                return;
            }
            if (boot == null || Boots.begins(event, boot.last, boot.progressed)) {
                boot = new Current(event.time());
                current.put(mac, boot);
                metrics.started(profile);
            }
            boot.last = event.time();
            boot.progressed |= Boots.progresses(event);
            if (!boot.completed && profiles.get(profile).filter(p -> BootGoals.reachesGoal(event, p)).isPresent()) {
                boot.completed = true;
                metrics.completed(profile);
            }
            if (event.kind() == ArtifactKind.SWARM_NODE && event.outcome() == Outcome.JOINED) {
                metrics.joined(profile, Duration.between(boot.started, event.time()));
            }
        }
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        return timeline.of(mac);
    }
}
