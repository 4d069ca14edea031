package dev.provisioner.server.store;

import dev.provisioner.server.core.Diagnostics;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineExistsException;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Machines as {@code machines/<mac>.yaml} files. Writes are serialized by one lock and atomic on disk;
 * reads come from memory. Hand edits (a {@code git pull}) are picked up by {@link #refresh()}, which a managed
 * store runs by itself between its start and its stop.
 */
public final class FileMachineStore implements MachineStore, Diagnostics, Managed {

    private final YamlDirectory<MacAddress, Machine> files;
    private final ReentrantLock writes = new ReentrantLock();
    private final Optional<PeriodicRefresh> rereads;

    /** Read once, here; {@link #refresh()} when asked (the {@code validate} command, tests). */
    public FileMachineStore(Path dataDirectory) {
        this(dataDirectory, Optional.empty());
    }

    private FileMachineStore(Path dataDirectory, Optional<PeriodicRefresh.Schedule> schedule) {
        this.files = new YamlDirectory<>(dataDirectory.resolve("machines"), "machines", MacAddress::parse,
                MachineYaml::parse);
        this.rereads = schedule.map(s -> new PeriodicRefresh(this::refresh, s.every(), s.executor()));
        refresh();
    }

    /** Read now, and reread every {@code every} on {@code executor} once the lifecycle starts the store. */
    public static FileMachineStore rereadEvery(Path dataDirectory, Duration every, ScheduledExecutorService executor) {
        return new FileMachineStore(dataDirectory, Optional.of(new PeriodicRefresh.Schedule(every, executor)));
    }

    @Override
    public void start() {
        rereads.ifPresent(PeriodicRefresh::start);
    }

    /** Rereads what changed on disk since the last look. */
    public void refresh() {
        writes.lock();
        try {
            files.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Optional<Machine> get(MacAddress mac) {
        return files.get(mac);
    }

    @Override
    public List<Machine> list() {
        return files.values();
    }

    @Override
    public void create(Machine machine) {
        writes.lock();
        try {
            // a file that exists but does not parse still owns its MAC: registering over it would hide the hand edit
            if (files.hasFile(machine.mac())) {
                throw new MachineExistsException(machine.mac());
            }
            write(machine);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean put(Machine machine) {
        writes.lock();
        try {
            boolean created = !files.hasFile(machine.mac());
            write(machine);
            return created;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Optional<Machine> update(MacAddress mac, UnaryOperator<Machine> change) {
        writes.lock();
        try {
            Optional<Machine> current = files.get(mac);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Machine changed = change.apply(current.get());
            write(changed);
            return Optional.of(changed);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean delete(MacAddress mac) {
        writes.lock();
        try {
            boolean existed = files.hasFile(mac);
            AtomicFiles.delete(files.fileOf(mac.hyphenated()));
            files.removed(mac);
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public List<Problem> problems() {
        return files.problems();
    }

    private void write(Machine machine) {
        try {
            AtomicFiles.write(files.fileOf(machine.mac().hyphenated()),
                    MachineYaml.write(machine).getBytes(StandardCharsets.UTF_8));
            files.stored(machine.mac(), machine.mac().hyphenated(), machine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
