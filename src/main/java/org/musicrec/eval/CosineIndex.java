package org.musicrec.eval;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Exact cosine nearest neighbours over rows normalised by {@link CosineNormaliser}, held row-major
 * (N × D) in one float buffer: a heap array, or a memory-mapped file ({@code similar}'s persisted
 * matrix), so a query is one pass of dot products over contiguous memory. 60 000 × 2048 takes
 * tens of milliseconds, which is why no approximate index is used.
 */
public final class CosineIndex {
    /** Below this many floats (16 MB) a query takes a few milliseconds and handing out work costs more than it saves. */
    private static final long PARALLEL_FLOATS = 1 << 22;
    /** More blocks than threads, so a thread slowed by other work on the machine does not hold the rest up. */
    private static final int BLOCKS = 16;

    private final FloatBuffer rows;
    private final int n;
    private final int dim;

    /** Copies and normalises {@code vectors} (all of one dimension). */
    public CosineIndex(List<float[]> vectors) {
        this(normalisedCopy(vectors), vectors.size(), vectors.isEmpty() ? 0 : vectors.get(0).length);
    }

    private CosineIndex(FloatBuffer rows, int n, int dim) {
        if ((long) n * dim > rows.limit()) {
            throw new IllegalArgumentException(n + " × " + dim + " rows, but the buffer holds " + rows.limit() + " floats");
        }
        this.rows = rows;
        this.n = n;
        this.dim = dim;
    }

    /**
     * An index over rows that already went through {@link CosineNormaliser#normalise}, not copied
     * (a mapped file stays on disk and in the page cache, not on the heap).
     */
    public static CosineIndex overNormalisedRows(FloatBuffer rows, int n, int dim) {
        return new CosineIndex(rows, n, dim);
    }

    private static FloatBuffer normalisedCopy(List<float[]> vectors) {
        int n = vectors.size();
        int dim = n == 0 ? 0 : vectors.get(0).length;
        if ((long) n * dim > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(n + " vectors of " + dim + " floats are too many for one index");
        }
        float[] rows = new float[n * dim];
        for (int i = 0; i < n; i++) {
            float[] v = vectors.get(i);
            if (v.length != dim) {
                throw new IllegalArgumentException("vector " + i + " has dimension " + v.length + ", expected " + dim);
            }
            System.arraycopy(v, 0, rows, i * dim, dim);
        }
        CosineNormaliser.normalise(rows, n, dim);
        return FloatBuffer.wrap(rows);
    }

    public int size() {
        return n;
    }

    public int dim() {
        return dim;
    }

    public float cosine(int i, int j) {
        return dot(row(i, new float[dim]), row(j, new float[dim]));
    }

    /** A neighbour: row index and cosine similarity. */
    public record Hit(int index, float similarity) {
    }

    /**
     * The rows most similar to row {@code query}, best first, among rows {@code accept} allows
     * (the query itself is never returned). Ties are broken by the lower index, so results are stable.
     */
    public List<Hit> nearest(int query, int k, IntPredicate accept) {
        if (k <= 0) {
            return List.of();
        }
        float[] scores = scores(query);
        PriorityQueue<Hit> heap = new PriorityQueue<>(k + 1, CosineIndex::worseFirst);
        for (int j = 0; j < n; j++) {
            if (j == query || !accept.test(j)) {
                continue;
            }
            float s = scores[j];
            if (heap.size() < k) {
                heap.add(new Hit(j, s));
            } else if (better(s, j, heap.peek())) {
                heap.poll();
                heap.add(new Hit(j, s));
            }
        }
        List<Hit> out = new ArrayList<>(heap);
        out.sort((a, b) -> -worseFirst(a, b));
        return out;
    }

    /**
     * The cosine of row {@code query} with every row. A large matrix is scanned in blocks on the
     * common pool (two cores: ~1.7x faster at 60 000 × 2048); each row's score is computed the
     * same way whichever thread does it, so results do not depend on the split. {@code accept}
     * is applied afterwards, on the caller's thread, so callers need no thread-safe predicate.
     */
    private float[] scores(int query) {
        float[] q = row(query, new float[dim]);
        float[] scores = new float[n];
        if ((long) n * dim < PARALLEL_FLOATS) {
            scoreRows(q, scores, 0, n);
        } else {
            IntStream.range(0, BLOCKS).parallel()
                    .forEach(b -> scoreRows(q, scores, (int) ((long) n * b / BLOCKS), (int) ((long) n * (b + 1) / BLOCKS)));
        }
        return scores;
    }

    private void scoreRows(float[] q, float[] scores, int from, int to) {
        float[] x = new float[dim];
        for (int j = from; j < to; j++) {
            scores[j] = dot(q, row(j, x));
        }
    }

    /*
     * Rows are copied into a small array (a bulk get: a memcpy for a mapped buffer) rather than
     * read with FloatBuffer.get(i) in the loop: once the JIT has seen both heap and mapped buffers
     * at that call, per-element gets turn megamorphic and the scan got ~4x slower; on plain arrays
     * the loop is the same code whatever the buffer.
     */
    private float[] row(int i, float[] into) {
        rows.get(i * dim, into, 0, dim);
        return into;
    }

    /**
     * Eight independent partial sums: HotSpot does not reorder a float sum by itself, and one
     * accumulator leaves each add waiting on the previous one; this halves the scan time.
     */
    static float dot(float[] a, float[] b) {
        int len = a.length;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int d = 0;
        for (; d + 8 <= len; d += 8) {
            s0 += a[d] * b[d];
            s1 += a[d + 1] * b[d + 1];
            s2 += a[d + 2] * b[d + 2];
            s3 += a[d + 3] * b[d + 3];
            s4 += a[d + 4] * b[d + 4];
            s5 += a[d + 5] * b[d + 5];
            s6 += a[d + 6] * b[d + 6];
            s7 += a[d + 7] * b[d + 7];
        }
        for (; d < len; d++) {
            s0 += a[d] * b[d];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static boolean better(float similarity, int index, Hit than) {
        int c = Float.compare(similarity, than.similarity());
        return c != 0 ? c > 0 : index < than.index();
    }

    /** Orders hits worst first: lower similarity, then higher index. */
    private static int worseFirst(Hit a, Hit b) {
        int c = Float.compare(a.similarity(), b.similarity());
        return c != 0 ? c : Integer.compare(b.index(), a.index());
    }
}
