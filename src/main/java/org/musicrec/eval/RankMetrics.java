package org.musicrec.eval;

import java.util.Arrays;

/** Ranking and regression metrics on plain arrays. Pure functions; NaN where undefined. */
public final class RankMetrics {
    private RankMetrics() {
    }

    public static double meanAbsoluteError(double[] predicted, double[] truth) {
        check(predicted, truth);
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            s += Math.abs(predicted[i] - truth[i]);
        }
        return truth.length == 0 ? Double.NaN : s / truth.length;
    }

    /** Spearman's rank correlation with average ranks for ties; NaN if either side is constant. */
    public static double spearman(double[] a, double[] b) {
        check(a, b);
        if (a.length < 2) {
            return Double.NaN;
        }
        return pearson(ranks(a), ranks(b));
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0), my = Arrays.stream(y).average().orElse(0);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** 1-based ranks, ties get the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = rank;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * NDCG@k with gain = the true value (e.g. true stars) and log2 discount.
     *
     * @param rankedGains true gains of the recommended items in recommended order
     * @param allGains    true gains of every candidate item (for the ideal ordering)
     */
    public static double ndcgAtK(double[] rankedGains, double[] allGains, int k) {
        double dcg = dcg(rankedGains, k);
        double[] ideal = allGains.clone();
        Arrays.sort(ideal);
        for (int i = 0; i < ideal.length / 2; i++) {
            double t = ideal[i];
            ideal[i] = ideal[ideal.length - 1 - i];
            ideal[ideal.length - 1 - i] = t;
        }
        double idcg = dcg(ideal, k);
        return idcg == 0 ? Double.NaN : dcg / idcg;
    }

    private static double dcg(double[] gains, int k) {
        double s = 0;
        for (int i = 0; i < Math.min(k, gains.length); i++) {
            s += gains[i] / (Math.log(i + 2) / Math.log(2));
        }
        return s;
    }

    /** Share of the first k recommended items whose true value is at least {@code relevant}. */
    public static double precisionAtK(double[] rankedTruth, int k, double relevant) {
        int n = Math.min(k, rankedTruth.length);
        if (n == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (rankedTruth[i] >= relevant) {
                hits++;
            }
        }
        return hits / (double) n;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("length mismatch: " + a.length + " vs " + b.length);
        }
    }
}
