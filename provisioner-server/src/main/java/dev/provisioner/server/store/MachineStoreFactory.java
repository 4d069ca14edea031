package dev.provisioner.server.store;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.provisioner.server.core.Diagnostics;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.timeline.Timeline;
import io.dropwizard.jackson.Discoverable;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code store:} block of {@code config.yml}, chosen by its {@code type} ({@code files}, {@code memory}; each
 * implementation is listed in {@code META-INF/services}). The store it builds is loaded before it returns and
 * keeps itself current through the lifecycle.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface MachineStoreFactory extends Discoverable {

    /** The machines, the problems of their files, and the boot timeline, kept where the machines are. */
    record Built(MachineStore machines, Diagnostics diagnostics, Timeline timeline) {
    }

    /** @param refresh how often hand edits of the data directory are looked for */
    Built build(Path dataDir, Duration refresh, LifecycleEnvironment lifecycle, TimelineBounds timeline);
}
