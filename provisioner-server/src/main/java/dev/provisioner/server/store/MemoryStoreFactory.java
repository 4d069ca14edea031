package dev.provisioner.server.store;

import dev.provisioner.server.core.timeline.RecentTimeline;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.provisioner.server.core.Diagnostics;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.nio.file.Path;
import java.time.Duration;

/** {@code store: {type: memory}}: machines and their timelines live as long as the process; nothing is written. */
@JsonTypeName("memory")
public class MemoryStoreFactory implements MachineStoreFactory {

    @Override
    public Built build(Path dataDir, Duration refresh, LifecycleEnvironment lifecycle, TimelineBounds timeline) {
        return new Built(new MemoryMachineStore(), Diagnostics.NONE,
                new RecentTimeline(timeline.eventsPerMachine(), timeline.machines()));
    }
}
