package dev.provisioner.server.render;

import dev.provisioner.server.core.LeastRecentlyUsed;
import dev.provisioner.server.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Results keyed by a hash of everything they are made from, so a change to any input (template, machine,
 * profile) is a new key and nothing needs invalidating. Bounded: the least recently used go first.
 */
public final class ContentCache<V> {

    private final Map<String, V> entries;

    public ContentCache(int capacity) {
        this.entries = LeastRecentlyUsed.map(capacity);
    }

    /** The cached value for these inputs, or the one {@code make} returns (cached when not null). */
    public V get(Supplier<V> make, String... inputs) {
        String key = key(inputs);
        synchronized (entries) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V made = make.get();
        if (made != null) {
            synchronized (entries) {
                entries.put(key, made);
            }
        }
        return made;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String key(String... inputs) {
        MessageDigest sha = Sha256.digest();
        for (String input : inputs) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            sha.update(HexFormat.of().toHexDigits(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
