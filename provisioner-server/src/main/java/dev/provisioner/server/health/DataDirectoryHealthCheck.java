package dev.provisioner.server.health;

import com.codahale.metrics.health.HealthCheck;
import dev.provisioner.server.core.Diagnostics;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.ProfileCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unhealthy when the data directory cannot be read. Broken files leave the server healthy (their last good
 * version is served) but are listed, so a bad {@code git pull} shows up on the admin port.
 */
public class DataDirectoryHealthCheck extends HealthCheck {

    private final Path dataDir;
    private final ProfileCatalog profiles;
    private final MachineStore machines;
    private final Diagnostics machineProblems;

    public DataDirectoryHealthCheck(Path dataDir, ProfileCatalog profiles, MachineStore machines,
                                    Diagnostics machineProblems) {
        this.dataDir = dataDir;
        this.profiles = profiles;
        this.machines = machines;
        this.machineProblems = machineProblems;
    }

    @Override
    protected Result check() {
        if (!Files.isDirectory(dataDir) || !Files.isReadable(dataDir)) {
            return Result.unhealthy("data directory %s is not a readable directory", dataDir);
        }
        List<Problem> problems = new ArrayList<>(profiles.problems());
        problems.addAll(machineProblems.problems());
        if (problems.isEmpty()) {
            return Result.healthy("%d profiles, %d machines", profiles.list().size(), machines.list().size());
        }
        return Result.builder().healthy()
                .withMessage("%d profiles, %d machines, %d files with problems", profiles.list().size(),
                        machines.list().size(), problems.size())
                .withDetail("problems", problems.stream().map(Problem::toString).toList())
                .build();
    }
}
