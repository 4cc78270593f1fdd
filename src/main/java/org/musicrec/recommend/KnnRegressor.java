package org.musicrec.recommend;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * k-nearest-neighbour regression over the rated songs: a song's value is the similarity-weighted
 * mean of the values of the {@code k} rated songs that sound most like it (cosine of centred
 * vectors, weight = max(0, cosine)). With tens of ratings this is the estimator that needs no
 * training at all: "you rated the songs that sound like this one 4 stars".
 *
 * <p>A query carrying the rowid of a reference song never counts that song (leave-one-out), so the
 * value of a rated song is never its own rating. Similarities of a block of queries to all references
 * are one GEMM (512 × D times D × R), so 60 000 queries against 5 000 rated songs take seconds.
 */
public final class KnnRegressor {
    private static final int QUERY_BLOCK = 512;

    private final int k;
    private final long[] refIds;
    private final double[] refValues;
    private final INDArray refs;   // R x D, rows L2-normalised
    private final int dim;

    /**
     * @param k       neighbours (≥ 1)
     * @param ids     rowid of each reference (for leave-one-out)
     * @param vectors reference vectors (already centred by the caller; normalised here)
     * @param values  value of each reference (here: stars − prior)
     */
    public KnnRegressor(int k, long[] ids, float[][] vectors, double[] values) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (ids.length != vectors.length || ids.length != values.length || ids.length == 0) {
            throw new IllegalArgumentException("need one id and value per reference vector, and at least one");
        }
        this.k = k;
        this.refIds = ids.clone();
        this.refValues = values.clone();
        this.dim = vectors[0].length;
        this.refs = normalisedRows(vectors);
    }

    /** Predicted values of the queries; {@code ids[i]} is the query's rowid (−1 or any non-reference id if none). */
    public double[] predict(long[] ids, float[][] queries) {
        double[] out = new double[queries.length];
        for (int s = 0; s < queries.length; s += QUERY_BLOCK) {
            int e = Math.min(queries.length, s + QUERY_BLOCK);
            float[][] block = java.util.Arrays.copyOfRange(queries, s, e);
            float[][] sim = normalisedRows(block).mmul(refs.transpose()).toFloatMatrix();   // (e-s) x R
            for (int i = s; i < e; i++) {
                out[i] = weightedMean(sim[i - s], ids[i]);
            }
        }
        return out;
    }

    /** Weighted mean of the values of the k most similar references, excluding the query itself. */
    private double weightedMean(float[] sim, long self) {
        int[] best = new int[k];
        int found = 0;
        for (int j = 0; j < sim.length; j++) {
            if (refIds[j] == self) {
                continue;
            }
            // insertion into a small sorted array (k is tens): best[0] is the most similar
            int pos = found < k ? found++ : k;
            if (pos == k && !better(sim, j, best[k - 1])) {
                continue;
            }
            pos = Math.min(pos, k - 1);
            while (pos > 0 && better(sim, j, best[pos - 1])) {
                best[pos] = best[pos - 1];
                pos--;
            }
            best[pos] = j;
        }
        double sw = 0, sv = 0;
        for (int i = 0; i < found; i++) {
            double w = Math.max(0, sim[best[i]]);
            sw += w;
            sv += w * refValues[best[i]];
        }
        return sw > 0 ? sv / sw : 0;
    }

    /** Higher similarity first; ties to the lower index, so results are stable. */
    private static boolean better(float[] sim, int a, int b) {
        return sim[a] > sim[b] || (sim[a] == sim[b] && a < b);
    }

    private INDArray normalisedRows(float[][] v) {
        float[][] out = new float[v.length][];
        for (int i = 0; i < v.length; i++) {
            if (v[i].length != dim) {
                throw new IllegalArgumentException("vector has dimension " + v[i].length + ", expected " + dim);
            }
            double norm = 0;
            for (float x : v[i]) {
                norm += (double) x * x;
            }
            // A zero vector is similar to nothing: its prediction is 0 (the prior alone).
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            out[i] = new float[dim];
            for (int j = 0; j < dim; j++) {
                out[i][j] = v[i][j] * inv;
            }
        }
        return Nd4j.create(out).castTo(DataType.FLOAT);
    }

    public int k() {
        return k;
    }

    public long[] refIds() {
        return refIds.clone();
    }

    public double[] refValues() {
        return refValues.clone();
    }

    /** The normalised reference rows (for saving). */
    public float[][] refVectors() {
        return refs.toFloatMatrix();
    }
}
