package dev.provisioner.server.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.nio.file.Path;
import java.time.Duration;

/** {@code store: {type: files}}: {@code machines/<mac>.yaml} in the data directory, the default. */
@JsonTypeName("files")
public class FilesStoreFactory implements MachineStoreFactory {

    @Override
    public Built build(Path dataDir, Duration refresh, LifecycleEnvironment lifecycle) {
        FileMachineStore store = FileMachineStore.rereadEvery(dataDir, refresh,
                lifecycle.scheduledExecutorService("machine-store-refresh").threads(1).build());
        lifecycle.manage(store);
        return new Built(store, store);
    }
}
