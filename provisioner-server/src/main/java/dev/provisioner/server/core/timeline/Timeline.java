package dev.provisioner.server.core.timeline;

import dev.provisioner.server.core.MacAddress;
import java.util.List;

/**
 * Where boot events go. The stores keep each machine's recent past (in memory, or in files); decorators around them
 * count the events, follow the machines' goals and boots, discover strays and feed the live stream.
 */
public interface Timeline {

    void record(BootEvent event);

    /** The machine's events, oldest first. */
    List<BootEvent> of(MacAddress mac);
}
