package dev.provisioner.server.core.lifecycle;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.BootRecord;
import dev.provisioner.server.core.timeline.Boots;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.core.timeline.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A machine's timeline as its boots, each a list of named steps with their times. */
public final class BootTimelines {

    private final Timeline timeline;
    private final MachineStore machines;
    private final ProfileCatalog profiles;

    public BootTimelines(Timeline timeline, MachineStore machines, ProfileCatalog profiles) {
        this.timeline = timeline;
        this.machines = machines;
        this.profiles = profiles;
    }

    /** The machine's boots that its timeline still holds, oldest first (the first may have lost its beginning). */
    public List<BootRecord> of(MacAddress mac) {
        List<BootRecord> boots = new ArrayList<>();
        for (List<BootEvent> events : Boots.split(timeline.of(mac))) {
            Optional<Profile> profile = profileOf(events, mac);
            List<BootRecord.Step> steps = new ArrayList<>();
            BootEvent first = events.get(0);
            BootEvent previous = first;
            for (BootEvent event : events) {
                steps.add(new BootRecord.Step(step(event, profile), event, Duration.between(first.time(), event.time()),
                        Duration.between(previous.time(), event.time())));
                previous = event;
            }
            boots.add(new BootRecord(first.time(), previous.time(), steps));
        }
        return boots;
    }

    /** The profile the boot's script came from (the artifact of a served script), else the machine's now. */
    private Optional<Profile> profileOf(List<BootEvent> events, MacAddress mac) {
        return events.stream().filter(e -> isScript(e) && e.outcome() == Outcome.SERVED && e.artifact() != null)
                .map(BootEvent::artifact).findFirst()
                .or(() -> machines.get(mac).map(Machine::profile))
                .flatMap(profiles::get);
    }

    private static boolean isScript(BootEvent event) {
        return event.kind() == ArtifactKind.IPXE_SCRIPT || event.kind() == ArtifactKind.PXELINUX_CONFIG
                || event.kind() == ArtifactKind.PXELINUX_DEFAULT;
    }

    /** What the event was in the boot, in the words of the timeline table. */
    static String step(BootEvent event, Optional<Profile> profile) {
        return switch (event.kind()) {
            case DHCP_BOOT_FILE -> event.transport() == Transport.DHCP ? "dhcp" : "first file";
            case IPXE_SCRIPT, PXELINUX_CONFIG, PXELINUX_DEFAULT ->
                    event.outcome() == Outcome.LOCAL ? "local boot" : "boot script";
            case ASSET -> assetStep(event, profile);
            case IGNITION -> "config";
            case OEM_ARCHIVE -> "archive";
            case ENROLLMENT -> "enrolled";
            case MACHINE_STATE -> "state";
            case SWARM_NODE -> Labels.of(event.outcome());
        };
    }

    private static String assetStep(BootEvent event, Optional<Profile> profile) {
        if (profile.isPresent() && profile.get().boot().kernel().equals(event.artifact())) {
            return "kernel";
        }
        if (profile.isPresent() && profile.get().boot().initrds().contains(event.artifact())) {
            return "initrd";
        }
        return "file";
    }
}
