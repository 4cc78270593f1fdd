package org.musicrec.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * Exact cosine nearest neighbours over L2-normalised rows held in one flat float array (row-major
 * N × D), so a query is one pass of dot products over contiguous memory: 60 000 × 2048 takes tens
 * of milliseconds, which is why no approximate index is used.
 */
public final class CosineIndex {
    private final float[] rows;
    private final int n;
    private final int dim;

    public CosineIndex(List<float[]> vectors) {
        n = vectors.size();
        dim = n == 0 ? 0 : vectors.get(0).length;
        rows = new float[n * dim];
        for (int i = 0; i < n; i++) {
            float[] v = vectors.get(i);
            if (v.length != dim) {
                throw new IllegalArgumentException("vector " + i + " has dimension " + v.length + ", expected " + dim);
            }
            double norm = 0;
            for (float x : v) {
                norm += (double) x * x;
            }
            // A zero vector stays zero: it is similar to nothing rather than NaN to everything.
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int j = 0; j < dim; j++) {
                rows[i * dim + j] = v[j] * inv;
            }
        }
    }

    public int size() {
        return n;
    }

    public int dim() {
        return dim;
    }

    public float cosine(int i, int j) {
        float s = 0;
        int a = i * dim, b = j * dim;
        for (int d = 0; d < dim; d++) {
            s += rows[a + d] * rows[b + d];
        }
        return s;
    }

    /** A neighbour: row index and cosine similarity. */
    public record Hit(int index, float similarity) {
    }

    /**
     * The rows most similar to row {@code query}, best first, among rows {@code accept} allows
     * (the query itself is never returned). Ties are broken by the lower index, so results are stable.
     */
    public List<Hit> nearest(int query, int k, IntPredicate accept) {
        PriorityQueue<Hit> heap = new PriorityQueue<>(k + 1, CosineIndex::worseFirst);
        for (int j = 0; j < n; j++) {
            if (j == query || !accept.test(j)) {
                continue;
            }
            Hit h = new Hit(j, cosine(query, j));
            if (heap.size() < k) {
                heap.add(h);
            } else if (worseFirst(h, heap.peek()) > 0) {
                heap.poll();
                heap.add(h);
            }
        }
        List<Hit> out = new ArrayList<>(heap);
        out.sort((a, b) -> -worseFirst(a, b));
        return out;
    }

    /** Orders hits worst first: lower similarity, then higher index. */
    private static int worseFirst(Hit a, Hit b) {
        int c = Float.compare(a.similarity(), b.similarity());
        return c != 0 ? c : Integer.compare(b.index(), a.index());
    }
}
