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
        FileMachineStore store = new FileMachineStore(dataDir);
        store.refresh();
        lifecycle.manage(new PeriodicRefresh(store::refresh, refresh,
                lifecycle.scheduledExecutorService("machine-store-refresh").threads(1).build()));
        return new Built(store, store);
    }
}
