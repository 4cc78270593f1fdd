package org.musicrec.recommend;

import java.util.Collection;

/**
 * The library's mean audio vector. Embeddings averaged after a ReLU are all positive and share a
 * large common part, so the raw cosine of any two songs is about 0.99; subtracting the library mean
 * leaves what tells songs apart. Uses no ratings, so it may be fitted on every song of the library.
 */
public record VectorCentre(float[] mean) {
    public VectorCentre {
        mean = mean.clone();
    }

    public static VectorCentre of(Collection<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no vectors to centre");
        }
        int d = vectors.iterator().next().length;
        double[] m = new double[d];
        for (float[] v : vectors) {
            if (v.length != d) {
                throw new IllegalArgumentException("vector has dimension " + v.length + ", expected " + d);
            }
            for (int j = 0; j < d; j++) {
                m[j] += v[j];
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (m[j] / vectors.size());
        }
        return new VectorCentre(mean);
    }

    public float[] apply(float[] v) {
        if (v.length != mean.length) {
            throw new IllegalArgumentException("vector has dimension " + v.length + ", expected " + mean.length);
        }
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j] - mean[j];
        }
        return out;
    }
}
