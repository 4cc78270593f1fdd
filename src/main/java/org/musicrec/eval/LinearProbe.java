package org.musicrec.eval;

import org.musicrec.recommend.RidgeRegression;

import java.util.List;

/**
 * How plainly a representation carries a sound property: a linear probe (Alain &amp; Bengio 2016, "Understanding
 * intermediate layers using linear classifier probes") — a ridge regression from the standardised vectors to
 * the property, scored by leave-one-out, so a representation that holds the property only in a way no straight
 * line can read scores low. This is what a rating model trained on a few dozen ratings can use.
 */
final class LinearProbe {
    /** Fewer examples than this: no probe (its figure would be noise). */
    static final int MIN_EXAMPLES = 10;

    private LinearProbe() {
    }

    /** Leave-one-out R² of predicting {@code y}; NaN with too few examples or a constant target. */
    static double r2(List<float[]> x, double[] y) {
        if (y.length < MIN_EXAMPLES) {
            return Double.NaN;
        }
        double[] loo = RidgeRegression.fit(standardised(x), y).looPredictions();
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double sse = 0, sst = 0;
        for (int i = 0; i < y.length; i++) {
            sse += (y[i] - loo[i]) * (y[i] - loo[i]);
            sst += (y[i] - mean) * (y[i] - mean);
        }
        return sst <= 0 ? Double.NaN : 1 - sse / sst;
    }

    /** Leave-one-out accuracy of telling the two classes apart (ridge on ±1, the sign decides); NaN with too few. */
    static double accuracy(List<float[]> x, boolean[] y) {
        if (y.length < MIN_EXAMPLES) {
            return Double.NaN;
        }
        double[] t = new double[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = y[i] ? 1 : -1;
        }
        double[] loo = RidgeRegression.fit(standardised(x), t).looPredictions();
        int right = 0;
        for (int i = 0; i < t.length; i++) {
            right += (loo[i] >= 0) == y[i] ? 1 : 0;
        }
        return (double) right / t.length;
    }

    /** Each column to mean 0, standard deviation 1 (constant columns to 0). */
    private static float[][] standardised(List<float[]> x) {
        int n = x.size(), d = x.get(0).length;
        double[] mean = new double[d], sq = new double[d];
        for (float[] r : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
                sq[j] += (double) r[j] * r[j];
            }
        }
        float[][] out = new float[n][d];
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
            double sd = Math.sqrt(Math.max(0, sq[j] / n - mean[j] * mean[j]));
            for (int i = 0; i < n; i++) {
                out[i][j] = sd > 1e-12 ? (float) ((x.get(i)[j] - mean[j]) / sd) : 0f;
            }
        }
        return out;
    }
}
