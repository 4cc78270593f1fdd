package org.musicrec.recommend;

/**
 * Per-feature standardisation (x − mean) / std fitted on the training songs: embeddings from a
 * ReLU/average-pooled network have very different scales per dimension, which an MLP trained on a
 * few hundred songs cannot absorb on its own. Constant features get std 1 so they stay finite.
 */
public record FeatureScaler(float[] mean, float[] std) {
    public FeatureScaler {
        mean = mean.clone();
        std = std.clone();
    }

    public static FeatureScaler fit(float[][] rows) {
        int d = rows[0].length;
        double[] m = new double[d], v = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                m[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= rows.length;
        }
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                v[j] += (r[j] - m[j]) * (r[j] - m[j]);
            }
        }
        float[] mean = new float[d], std = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) m[j];
            double s = Math.sqrt(v[j] / rows.length);
            std[j] = s > 1e-8 ? (float) s : 1f;
        }
        return new FeatureScaler(mean, std);
    }

    public float[][] apply(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            if (r.length != mean.length) {
                throw new IllegalArgumentException("feature vector has " + r.length + " values, model expects " + mean.length);
            }
            float[] o = new float[r.length];
            for (int j = 0; j < r.length; j++) {
                o[j] = (r[j] - mean[j]) / std[j];
            }
            out[i] = o;
        }
        return out;
    }
}
