package org.musicrec.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps its {@code capacity} most recently used entries: the oneDNN plans per array shape
 * (batch sizes change between the micro-batches, the last batch and the embed passes, and each plan
 * holds primitives and buffers that should not pile up).
 */
final class LruCache<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    LruCache(int capacity) {
        super(2 * capacity, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
