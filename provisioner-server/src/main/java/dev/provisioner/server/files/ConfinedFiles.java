package dev.provisioner.server.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one place that turns a name a machine asked for into a file under a root directory, for HTTP and TFTP alike:
 * printable ASCII without backslashes, no empty, {@code .} or {@code ..} segments (a leading slash means the root),
 * and a file that stays inside the root once every symbolic link is resolved.
 */
public final class ConfinedFiles {

    public sealed interface Lookup {
        record Found(Path file) implements Lookup {
        }

        record Missing() implements Lookup {
        }

        /** The name is not allowed, or leads out of the root; {@code reason} is safe to show. */
        record Refused(String reason) implements Lookup {
        }
    }

    private final Path root;

    public ConfinedFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Why a name can never be served, whatever is on disk. */
    public static Optional<String> badName(String name) {
        if (name.isEmpty()) {
            return Optional.of("no file name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c > 0x7e) {
                return Optional.of("file names are printable ASCII without backslashes");
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("file names have no empty, '.' or '..' segments");
            }
        }
        return Optional.empty();
    }

    public Lookup lookup(String requested) {
        String name = requested.startsWith("/") ? requested.substring(1) : requested;
        Optional<String> bad = badName(name);
        if (bad.isPresent()) {
            return new Lookup.Refused(bad.get());
        }
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || !Files.isRegularFile(path)) {
            return new Lookup.Missing();
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath()) || !Files.isReadable(real)) {
                return new Lookup.Refused("access violation");
            }
            return new Lookup.Found(real);
        } catch (IOException e) {
            return new Lookup.Refused("cannot read the file");
        }
    }
}
