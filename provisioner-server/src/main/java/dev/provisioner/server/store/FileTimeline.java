package dev.provisioner.server.store;

import dev.provisioner.server.core.LeastRecentlyUsed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.provisioner.server.api.EventDocument;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Timeline;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot timeline of each registered machine in a file of its own, {@code <mac>.jsonl}: one event a line, as the
 * API shows it, appended with one write, so a crash can cut only the last line, which is skipped when read (and the
 * file rewritten before the next line is added). Once a file holds twice {@code perMachine} lines, its last
 * {@code perMachine} are written anew, atomically. Machines
 * that are not registered are kept in memory only, so that a flood of invented MACs writes nothing; once one is
 * registered, its next event writes them all. The recent past
 * of the {@code maxMachines} machines seen last is in memory; another's file is read when it is next asked for.
 * A write that fails is a WARN line, never a failed answer: the boot it records matters more.
 */
public final class FileTimeline implements Timeline {

    private static final Logger LOG = LoggerFactory.getLogger(FileTimeline.class);
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final int perMachine;
    private final Predicate<MacAddress> persisted;
    private final ObjectMapper json = Jackson.newObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Map<MacAddress, Recent> byMac;

    /**
     * A machine's recent events, read from its file at first use; how many lines the file has (rewritten when they
     * reach twice the bound); and whether it must be rewritten whole before anything is appended: its last line was
     * cut short (a crash, a full disk), or events were kept in memory only while the machine was not registered (those
     * of a machine just adopted are its discovery). Its own monitor guards it and its file.
     */
    private static final class Recent {
        final Deque<BootEvent> events = new ArrayDeque<>();
        boolean read;
        int lines;
        boolean behind;
    }

    /** @param persisted which machines' events are written (the registered ones) */
    public FileTimeline(Path directory, TimelineBounds bounds, Predicate<MacAddress> persisted) {
        int maxMachines = bounds.machines();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the timeline's directory " + directory + ": " + e.getMessage(), e);
        }
        this.directory = directory;
        this.perMachine = bounds.eventsPerMachine();
        this.persisted = persisted;
        this.byMac = LeastRecentlyUsed.map(maxMachines);
    }

    /** Files are read and written under the machine's own lock: one machine's slow disk write holds up no other. */
    @Override
    public void record(BootEvent event) {
        if (event.machine().mac().isEmpty()) {
            return;
        }
        MacAddress mac = event.machine().mac().get();
        Recent recent = cached(mac, true);
        synchronized (recent) {
            try {
                readOnce(mac, recent);
                if (recent.events.size() == perMachine) {
                    recent.events.removeFirst();
                }
                recent.events.addLast(event);
                if (!persisted.test(mac)) {
                    recent.behind = true;
                    return;
                }
                if (recent.behind || recent.lines + 1 >= 2 * perMachine) {
                    AtomicFiles.write(file(mac), lines(recent.events));
                    recent.lines = recent.events.size();
                    recent.behind = false;
                } else {
                    // behind until it is known whole: a write cut short must not have the next line glued to it
                    recent.behind = true;
                    Files.write(file(mac), lines(List.of(event)), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    recent.lines++;
                    recent.behind = false;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("machine {}: its boot timeline could not be written to {}: {}", mac, file(mac), e.toString());
            }
        }
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        // a machine that has neither events in memory nor a file is not cached: asking about strangers evicts no one
        Recent recent = cached(mac, Files.exists(file(mac)));
        if (recent == null) {
            return List.of();
        }
        synchronized (recent) {
            readOnce(mac, recent);
            return new ArrayList<>(recent.events);
        }
    }

    private Recent cached(MacAddress mac, boolean create) {
        synchronized (byMac) {
            Recent recent = byMac.get(mac);
            if (recent == null && create) {
                recent = new Recent();
                byMac.put(mac, recent);
            }
            return recent;
        }
    }

    private void readOnce(MacAddress mac, Recent recent) {
        if (recent.read) {
            return;
        }
        recent.read = true;
        String text;
        try {
            text = Files.readString(file(mac), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warn("machine {}: its boot timeline could not be read from {}: {}", mac, file(mac), e.toString());
            return;
        }
        List<String> lines = text.lines().toList();
        recent.lines = lines.size();
        recent.behind = !text.isEmpty() && !text.endsWith("\n");
        int skipped = 0;
        for (String line : lines) {
            try {
                recent.events.addLast(json.readValue(line, EventDocument.class).toEvent());
            } catch (IOException | RuntimeException e) {
                // a cut line, or one edited by hand: not JSON, JSON null, or not an event
                skipped++;
                continue;
            }
            if (recent.events.size() > perMachine) {
                recent.events.removeFirst();
            }
        }
        if (skipped > 0) {
            recent.behind = true;
            LOG.warn("machine {}: {} line(s) of {} are not events and were skipped (a write cut short by a crash?)",
                    mac, skipped, file(mac));
        }
    }

    private byte[] lines(Iterable<BootEvent> events) throws JsonProcessingException {
        StringBuilder text = new StringBuilder();
        for (BootEvent event : events) {
            text.append(json.writeValueAsString(EventDocument.of(event))).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path file(MacAddress mac) {
        return directory.resolve(mac.hyphenated() + SUFFIX);
    }
}
