package org.musicrec.recommend;

/**
 * How much each rating part counts, chosen on the user's own ratings: the non-negative weights w that
 * minimise Σi (ri − Σj wj·pij)², where ri is song i's rating beyond its prior and pij part j's
 * out-of-sample prediction of it (a prediction made without song i). Stacked generalisation with a
 * non-negativity constraint (Wolpert 1992; Breiman 1996, "Stacked regressions", Machine Learning 24).
 * All weights 0 — the prior alone — is one of the candidates, so in this cross-validation the
 * combination is never worse than the prior, and a part that does not help gets weight 0.
 * Solved exactly by trying every subset of parts (there are at most a handful).
 */
public final class StackWeights {
    private StackWeights() {
    }

    /**
     * @param outOfSample n × m: each song's out-of-sample prediction by each part
     * @param residual    each song's stars beyond its prior
     */
    public static double[] fit(double[][] outOfSample, double[] residual) {
        int n = residual.length, m = n == 0 ? 0 : outOfSample[0].length;
        if (m > 12) {
            throw new IllegalArgumentException("too many parts to stack: " + m);
        }
        double[] best = new double[m];
        double bestError = squaredError(outOfSample, residual, best);
        for (int subset = 1; subset < (1 << m); subset++) {
            double[] w = leastSquares(outOfSample, residual, subset, m);
            if (w == null) {
                continue;
            }
            boolean feasible = true;
            for (double v : w) {
                feasible &= v >= 0;
            }
            double err = feasible ? squaredError(outOfSample, residual, w) : Double.POSITIVE_INFINITY;
            if (err < bestError - 1e-12) {
                bestError = err;
                best = w;
            }
        }
        return best;
    }

    /** Σi (ri − Σj wj·pij)². */
    public static double squaredError(double[][] p, double[] r, double[] w) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            double e = r[i];
            for (int j = 0; j < w.length; j++) {
                e -= w[j] * p[i][j];
            }
            s += e * e;
        }
        return s;
    }

    /** Unconstrained least squares on the parts in {@code subset} (others 0); null when singular. */
    private static double[] leastSquares(double[][] p, double[] r, int subset, int m) {
        int[] cols = new int[Integer.bitCount(subset)];
        for (int j = 0, c = 0; j < m; j++) {
            if ((subset & (1 << j)) != 0) {
                cols[c++] = j;
            }
        }
        int k = cols.length;
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < r.length; i++) {
            for (int x = 0; x < k; x++) {
                for (int y = 0; y < k; y++) {
                    a[x][y] += p[i][cols[x]] * p[i][cols[y]];
                }
                a[x][k] += p[i][cols[x]] * r[i];
            }
        }
        for (int c = 0; c < k; c++) {   // Gaussian elimination with partial pivoting
            int piv = c;
            for (int x = c + 1; x < k; x++) {
                if (Math.abs(a[x][c]) > Math.abs(a[piv][c])) {
                    piv = x;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            if (Math.abs(a[c][c]) < 1e-12) {
                return null;
            }
            for (int x = c + 1; x < k; x++) {
                double f = a[x][c] / a[c][c];
                for (int y = c; y <= k; y++) {
                    a[x][y] -= f * a[c][y];
                }
            }
        }
        double[] sol = new double[k];
        for (int x = k - 1; x >= 0; x--) {
            double s = a[x][k];
            for (int y = x + 1; y < k; y++) {
                s -= a[x][y] * sol[y];
            }
            sol[x] = s / a[x][x];
        }
        double[] w = new double[m];
        for (int c = 0; c < k; c++) {
            w[cols[c]] = sol[c];
        }
        return w;
    }
}
