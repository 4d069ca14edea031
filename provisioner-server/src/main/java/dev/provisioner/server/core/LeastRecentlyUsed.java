package dev.provisioner.server.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps that forget their least recently used entry beyond a capacity: the bound of every memory the network feeds
 * (per MAC, per config). Not thread-safe: their owners lock.
 */
public final class LeastRecentlyUsed {

    private LeastRecentlyUsed() {
    }

    public static <K, V> Map<K, V> map(int capacity) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
