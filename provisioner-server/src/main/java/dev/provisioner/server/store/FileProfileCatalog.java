package dev.provisioner.server.store;

import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Profiles as {@code profiles/<id>.yaml} files, kept in git and edited by hand; read-only here. */
public final class FileProfileCatalog implements ProfileCatalog {

    private final YamlDirectory<String, Profile> files;

    public FileProfileCatalog(Path dataDirectory) {
        this.files = new YamlDirectory<>(dataDirectory.resolve("profiles"), "profiles",
                stem -> ProfileYaml.ID.matcher(stem).matches() ? Optional.of(stem) : Optional.empty(),
                ProfileYaml::parse);
    }

    /** Loaded now, and reread every {@code refresh} through the lifecycle. */
    public static FileProfileCatalog loaded(Path dataDirectory, Duration refresh, LifecycleEnvironment lifecycle) {
        FileProfileCatalog catalog = new FileProfileCatalog(dataDirectory);
        catalog.refresh();
        lifecycle.manage(new PeriodicRefresh(catalog::refresh, refresh,
                lifecycle.scheduledExecutorService("profile-refresh").threads(1).build()));
        return catalog;
    }

    public synchronized void refresh() {
        try {
            files.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Profile> get(String id) {
        return files.get(id);
    }

    @Override
    public List<Profile> list() {
        return files.values();
    }

    @Override
    public Optional<Problem> problemOf(String id) {
        return files.problemOf(id);
    }

    @Override
    public List<Problem> problems() {
        return files.problems();
    }
}
