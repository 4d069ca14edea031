package dev.provisioner.server.core.timeline;

import dev.provisioner.server.core.MacAddress;
import java.util.List;

/** Where boot events go. The in-memory one keeps the recent past; persistent and streaming ones come later. */
public interface Timeline {

    void record(BootEvent event);

    /** The machine's events, oldest first. */
    List<BootEvent> of(MacAddress mac);
}
