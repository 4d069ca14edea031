package dev.provisioner.server.store;

import dev.provisioner.server.trust.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code store: {type: files}}: {@code machines/<mac>.yaml} in the data directory, the default; each registered
 * machine's boot timeline in {@code .provisioner/timeline/<mac>.jsonl}.
 */
@JsonTypeName("files")
public class FilesStoreFactory implements MachineStoreFactory {

    @Override
    public Built build(Path dataDir, Duration refresh, LifecycleEnvironment lifecycle, TimelineBounds timeline) {
        FileMachineStore store = FileMachineStore.rereadEvery(dataDir, refresh,
                lifecycle.scheduledExecutorService("machine-store-refresh").threads(1).build());
        lifecycle.manage(store);
        Path timelines;
        try {
            timelines = PrivateFiles.directory(dataDir).resolve("timeline");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dataDir + "/.provisioner for the boot timeline: "
                    + e.getMessage(), e);
        }
        return new Built(store, store, new FileTimeline(timelines, timeline, mac -> store.get(mac).isPresent()));
    }
}
