package org.musicrec.recommend;

import org.musicrec.eval.CosineIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One version's embeddings ready for cosine search: the index and the store key of each row. */
public final class EmbeddingMatrix {
    private final List<String> keys;
    private final Map<String, Integer> rows;
    private final CosineIndex index;

    public EmbeddingMatrix(List<String> keys, CosineIndex index) {
        if (keys.size() != index.size()) {
            throw new IllegalArgumentException(keys.size() + " keys for " + index.size() + " rows");
        }
        this.keys = List.copyOf(keys);
        this.index = index;
        this.rows = new HashMap<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) {
            rows.put(keys.get(i), i);
        }
    }

    public List<String> keys() {
        return keys;
    }

    public CosineIndex index() {
        return index;
    }

    public int size() {
        return keys.size();
    }

    /** The row of store key {@code key}, or -1 if it has no embedding. */
    public int rowOf(String key) {
        return rows.getOrDefault(key, -1);
    }
}
