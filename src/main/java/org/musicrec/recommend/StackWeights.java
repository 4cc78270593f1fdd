package org.musicrec.recommend;

/**
 * How much each rating part counts, chosen on the user's own ratings: the non-negative weights w and the
 * offset b that minimise Σi (ri − b − Σj wj·pij)², where ri is song i's rating beyond its prior and pij
 * part j's out-of-sample prediction of it (a prediction made without song i). Stacked generalisation with a
 * non-negativity constraint (Wolpert 1992; Breiman 1996, "Stacked regressions", Machine Learning 24). The
 * free offset keeps a part from being weighted only for the constant it happens to add (a neighbour mean of
 * noise is nearly constant). All weights 0 — the prior alone, shifted by b — is one of the candidates, so in
 * this cross-validation the combination is never worse than the prior, and a part that does not help gets
 * weight 0. With a few dozen ratings a useless part correlates with the ratings by chance (about 1/√n), so
 * each part taken in must pay for itself: the subset chosen minimises the Bayesian information criterion
 * n·ln(SSE/n) + k·ln(n) (Schwarz 1978, "Estimating the dimension of a model", Annals of Statistics 6), k the
 * number of weighted parts. Solved exactly by trying every subset of parts (there are at most a handful).
 */
public final class StackWeights {
    private StackWeights() {
    }

    /** The weights and the offset. */
    public record Weights(double[] w, double offset) {
    }

    /**
     * @param outOfSample n × m: each song's out-of-sample prediction by each part
     * @param residual    each song's stars beyond its prior
     */
    public static Weights fit(double[][] outOfSample, double[] residual) {
        int n = residual.length, m = n == 0 ? 0 : outOfSample[0].length;
        if (m > 12) {
            throw new IllegalArgumentException("too many parts to stack: " + m);
        }
        // With a free offset, least squares on centred columns gives the weights; the offset follows.
        double rMean = 0;
        double[] pMean = new double[m];
        for (int i = 0; i < n; i++) {
            rMean += residual[i] / n;
            for (int j = 0; j < m; j++) {
                pMean[j] += outOfSample[i][j] / n;
            }
        }
        double[][] p = new double[n][m];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = residual[i] - rMean;
            for (int j = 0; j < m; j++) {
                p[i][j] = outOfSample[i][j] - pMean[j];
            }
        }
        double[] w = bestNonNegative(p, r, m);
        double offset = rMean;
        for (int j = 0; j < m; j++) {
            offset -= w[j] * pMean[j];
        }
        return new Weights(w, n == 0 ? 0 : offset);
    }

    /** The non-negative least-squares weights of the subset with the least BIC, by trying every subset. */
    private static double[] bestNonNegative(double[][] outOfSample, double[] residual, int m) {
        int n = residual.length;
        double[] best = new double[m];
        double bestScore = bic(squaredError(outOfSample, residual, best), n, 0);
        for (int subset = 1; subset < (1 << m); subset++) {
            double[] w = leastSquares(outOfSample, residual, subset, m);
            if (w == null) {
                continue;
            }
            boolean feasible = true;
            for (double v : w) {
                feasible &= v >= 0;
            }
            double score = feasible ? bic(squaredError(outOfSample, residual, w), n, Integer.bitCount(subset))
                    : Double.POSITIVE_INFINITY;
            if (score < bestScore - 1e-12) {
                bestScore = score;
                best = w;
            }
        }
        return best;
    }

    private static double bic(double sse, int n, int parts) {
        return n * Math.log(Math.max(sse, 1e-300) / Math.max(1, n)) + parts * Math.log(Math.max(2, n));
    }

    /** Σi (ri − Σj wj·pij)². */
    static double squaredError(double[][] p, double[] r, double[] w) {
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
