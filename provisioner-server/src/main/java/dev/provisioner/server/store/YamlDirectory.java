package dev.provisioner.server.store;

import dev.provisioner.server.core.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory of YAML documents ({@code <key>.yaml}), kept in memory. A rescan reads only the files whose
 * size, mtime or inode changed. A file that stops parsing keeps its last good value, and its problem is
 * reported until it is fixed; nothing half-valid is ever returned. Callers serialize {@link #refresh()},
 * {@link #stored} and {@link #removed}; reads need no lock.
 */
final class YamlDirectory<K extends Comparable<K>, V> {

    interface Parser<K, V> {
        V parse(String file, K key, String text) throws ProblemException;
    }

    private record Stamp(FileTime modified, long size, Object fileKey) {
    }

    private record Entry<V>(String file, Stamp stamp, V good, Problem problem) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(YamlDirectory.class);
    private static final String SUFFIX = ".yaml";

    private final Path directory;
    private final String name;
    private final Function<String, Optional<K>> keyOfStem;
    private final Parser<K, V> parser;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private volatile List<Problem> misnamed = List.of();

    YamlDirectory(Path directory, String name, Function<String, Optional<K>> keyOfStem, Parser<K, V> parser) {
        this.directory = directory;
        this.name = name;
        this.keyOfStem = keyOfStem;
        this.parser = parser;
    }

    Path fileOf(String stem) {
        return directory.resolve(stem + SUFFIX);
    }

    void refresh() throws IOException {
        Set<K> seen = new HashSet<>();
        List<Problem> misnamedNow = new ArrayList<>();
        for (Path file : yamlFiles()) {
            String fileName = file.getFileName().toString();
            String relative = name + "/" + fileName;
            Optional<K> key = keyOfStem.apply(fileName.substring(0, fileName.length() - SUFFIX.length()));
            if (key.isEmpty()) {
                misnamedNow.add(new Problem(relative, 0, 0, "the file name is not a valid " + name + " name; the file is ignored"));
                continue;
            }
            if (!seen.add(key.get())) {
                misnamedNow.add(new Problem(relative, 0, 0, "another file in " + name + "/ already defines " + key.get()
                        + "; this one is ignored"));
                continue;
            }
            Entry<V> previous = entries.get(key.get());
            Stamp stamp;
            try {
                stamp = stampOf(file);
            } catch (NoSuchFileException e) {
                seen.remove(key.get());
                continue;
            }
            if (previous != null && previous.file().equals(fileName) && previous.stamp().equals(stamp)) {
                continue;
            }
            entries.put(key.get(), load(file, relative, key.get(), stamp, previous));
        }
        entries.keySet().retainAll(seen);
        if (!misnamedNow.equals(misnamed)) {
            misnamedNow.forEach(problem -> LOG.warn("data directory: {}", problem));
        }
        misnamed = List.copyOf(misnamedNow);
    }

    Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.good());
    }

    List<V> values() {
        return entries.entrySet().stream()
                .filter(e -> e.getValue().good() != null)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue().good())
                .toList();
    }

    /** The problem of a key that has no good value to fall back on. */
    Optional<Problem> problemOf(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null || entry.good() != null ? Optional.empty() : Optional.ofNullable(entry.problem());
    }

    List<Problem> problems() {
        List<Problem> problems = new ArrayList<>(misnamed);
        entries.values().stream().map(Entry::problem).filter(Objects::nonNull).forEach(problems::add);
        problems.sort(Comparator.comparing(Problem::file));
        return problems;
    }

    /** Records a value this process has just written to {@code <stem>.yaml}, so the next rescan does not reread it. */
    void stored(K key, String stem, V value) throws IOException {
        Path file = fileOf(stem);
        entries.put(key, new Entry<>(file.getFileName().toString(), stampOf(file), value, null));
    }

    void removed(K key) {
        entries.remove(key);
    }

    boolean hasFile(K key) {
        return entries.containsKey(key);
    }

    private Entry<V> load(Path file, String relative, K key, Stamp stamp, Entry<V> previous) {
        V fallback = previous == null ? null : previous.good();
        try {
            V value = parser.parse(relative, key, read(file, relative));
            if (previous != null && previous.problem() != null) {
                LOG.info("data directory: {} is valid again", relative);
            }
            return new Entry<>(file.getFileName().toString(), stamp, value, null);
        } catch (ProblemException e) {
            LOG.warn("data directory: {}{}", e.problem(), fallback == null ? "" : " (the last good version stays in use)");
            return new Entry<>(file.getFileName().toString(), stamp, fallback, e.problem());
        } catch (IOException e) {
            Problem problem = new Problem(relative, 0, 0, "cannot be read: " + e.getMessage());
            LOG.warn("data directory: {}", problem);
            return new Entry<>(file.getFileName().toString(), stamp, fallback, problem);
        }
    }

    private static String read(Path file, String relative) throws IOException, ProblemException {
        if (Files.size(file) > YamlNodes.MAX_DOCUMENT_CHARS) {
            throw new ProblemException(new Problem(relative, 0, 0, "larger than " + YamlNodes.MAX_DOCUMENT_CHARS + " bytes"));
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(new Problem(relative, 0, 0, "is not valid UTF-8"));
        }
    }

    private List<Path> yamlFiles() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(SUFFIX) && !n.startsWith(".") && Files.isRegularFile(f);
            }).sorted().toList();
        }
    }

    private static Stamp stampOf(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }
}
