package dev.provisioner.server.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContentCacheTest {

    @Test
    void theSameInputsAreMadeOnce() {
        ContentCache<String> cache = new ContentCache<>(10);
        AtomicInteger made = new AtomicInteger();
        assertThat(cache.get(() -> "v" + made.incrementAndGet(), "a", "b")).isEqualTo("v1");
        assertThat(cache.get(() -> "v" + made.incrementAndGet(), "a", "b")).isEqualTo("v1");
        assertThat(cache.get(() -> "v" + made.incrementAndGet(), "a", "c")).isEqualTo("v2");
        // input boundaries count: ("ab", "") is not ("a", "b")
        assertThat(cache.get(() -> "v" + made.incrementAndGet(), "ab", "")).isEqualTo("v3");
        assertThat(made).hasValue(3);
    }

    @Test
    void nullIsNotCachedAndTheLeastRecentlyUsedGoFirst() {
        ContentCache<String> cache = new ContentCache<>(2);
        assertThat(cache.get(() -> null, "x")).isNull();
        assertThat(cache.size()).isZero();
        cache.get(() -> "1", "one");
        cache.get(() -> "2", "two");
        cache.get(() -> "again", "one");
        cache.get(() -> "3", "three");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(() -> "new", "two")).isEqualTo("new");
        assertThat(cache.get(() -> "new", "one")).isEqualTo("new");
    }
}
