package org.musicrec.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A map that keeps its {@code capacity} most recently used entries: the oneDNN plans per array shape
 * (batch sizes change between the micro-batches, the last batch and the embed passes, and each plan
 * holds primitives and buffers that should not pile up).
 */
final class LruCache<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;
    private final Consumer<V> onEvict;

    LruCache(int capacity) {
        this(capacity, v -> { });
    }

    /** {@code onEvict} runs on an entry dropped for a newer one (to free native memory now rather than at GC). */
    LruCache(int capacity, Consumer<V> onEvict) {
        super(2 * capacity, 0.75f, true);
        this.capacity = capacity;
        this.onEvict = onEvict;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > capacity) {
            onEvict.accept(eldest.getValue());
            return true;
        }
        return false;
    }
}
