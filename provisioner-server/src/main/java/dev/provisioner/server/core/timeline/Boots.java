package dev.provisioner.server.core.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one boot of a machine ends and the next begins, the one rule for the timeline's boots and the metrics that
 * count them (the boot-loop guard's "same boot" is another matter: iPXE retrying within seconds). A boot begins with a request that only a starting machine makes (a DHCP boot request, a boot script,
 * a pxelinux config) once the boot before got further than that (a download, a config, an enrollment, its node, or
 * its disk), or after {@link #GAP} of silence. Until then such requests are the same boot: firmware and iPXE asking
 * again, or a refused machine retrying.
 */
public final class Boots {

    /** Longer than any wait within a boot that is still going; shorter than a machine left off and started again. */
    public static final Duration GAP = Duration.ofMinutes(10);

    private Boots() {
    }

    /** Whether {@code event} begins a new boot after one whose last event was at {@code last}. */
    public static boolean begins(BootEvent event, Instant last, boolean progressed) {
        return opens(event) && (progressed || event.time().isAfter(last.plus(GAP)));
    }

    /**
     * Whether {@code event} takes a boot past its opening requests: something its boot script led to, given (a
     * refused, forbidden or missing one may be anyone's request naming the MAC), or its node in the swarm. A first
     * file fetched over HTTP (UEFI HTTP boot) is still the opening: iPXE's own DHCP request follows it.
     */
    public static boolean progresses(BootEvent event) {
        return switch (event.kind()) {
            case ASSET, IGNITION, OEM_ARCHIVE, ENROLLMENT -> event.outcome() == Outcome.SERVED;
            case SWARM_NODE -> event.outcome() == Outcome.JOINED || event.outcome() == Outcome.VERIFIED
                    || event.outcome() == Outcome.PROMOTED;
            case IPXE_SCRIPT, PXELINUX_CONFIG, PXELINUX_DEFAULT -> event.outcome() == Outcome.LOCAL;
            case DHCP_BOOT_FILE, MACHINE_STATE -> false;
        };
    }

    /** Whether {@code event} is a request that only a starting machine makes. */
    public static boolean opens(BootEvent event) {
        return switch (event.kind()) {
            case DHCP_BOOT_FILE, IPXE_SCRIPT, PXELINUX_CONFIG, PXELINUX_DEFAULT -> true;
            default -> false;
        };
    }

    /** A machine's events, oldest first, cut into its boots, oldest first. */
    public static List<List<BootEvent>> split(List<BootEvent> events) {
        List<List<BootEvent>> boots = new ArrayList<>();
        List<BootEvent> current = null;
        boolean progressed = false;
        for (BootEvent event : events) {
            if (current == null || begins(event, current.get(current.size() - 1).time(), progressed)) {
                current = new ArrayList<>();
                boots.add(current);
                progressed = false;
            }
            current.add(event);
            progressed |= progresses(event);
        }
        return boots;
    }
}
