package dev.provisioner.server.store;

import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.ProfileCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.List;
import java.util.Optional;

/** Profiles as {@code profiles/<id>.yaml} files, kept in git and edited by hand; read-only here. */
public final class FileProfileCatalog implements ProfileCatalog, Managed {

    private final YamlDirectory<String, Profile> files;
    private final Optional<PeriodicRefresh> rereads;

    /** Read once, here; {@link #refresh()} when asked (the {@code validate} command, tests). */
    public FileProfileCatalog(Path dataDirectory) {
        this(dataDirectory, Optional.empty());
    }

    private FileProfileCatalog(Path dataDirectory, Optional<PeriodicRefresh.Schedule> schedule) {
        this.files = new YamlDirectory<>(dataDirectory.resolve("profiles"), "profiles",
                stem -> ProfileYaml.ID.matcher(stem).matches() ? Optional.of(stem) : Optional.empty(),
                ProfileYaml::parse);
        this.rereads = schedule.map(s -> new PeriodicRefresh(this::refresh, s.every(), s.executor()));
        refresh();
    }

    /** Read now, and reread every {@code every} on {@code executor} once the lifecycle starts the catalog. */
    public static FileProfileCatalog rereadEvery(Path dataDirectory, Duration every, ScheduledExecutorService executor) {
        return new FileProfileCatalog(dataDirectory, Optional.of(new PeriodicRefresh.Schedule(every, executor)));
    }

    @Override
    public void start() {
        rereads.ifPresent(PeriodicRefresh::start);
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
