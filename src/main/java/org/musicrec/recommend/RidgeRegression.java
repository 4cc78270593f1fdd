package org.musicrec.recommend;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ridge regression made for 20 – 2 000 examples: the penalty is chosen for each user by the exact
 * leave-one-out error over a grid, which ridge gives in closed form from one eigendecomposition
 * (Allen 1974, "The relationship between variable selection and data augmentation and a method for
 * prediction", Technometrics 16; Golub, Heath &amp; Wahba 1979, Technometrics 21):
 * <pre>
 * Xc = X − mean, Xc = U·diag(√λk)·Vᵀ      (eigenvectors of XcᵀXc or of XcXcᵀ, whichever is smaller)
 * ŷ(α)  = ȳ + U·diag(λk / (λk + α))·Uᵀ·(y − ȳ)
 * Hii   = 1/n + Σk Uik² · λk / (λk + α)                      (the hat matrix's diagonal, intercept included)
 * LOOi  = yi − (yi − ŷi) / (1 − Hii)                         (the prediction of i by the fit without i)
 * </pre>
 * The intercept is not penalised. The fitted model also gives a posterior variance for any new input
 * (the Bayesian reading of ridge: weights ~ N(0, σ²/α·I), noise σ² estimated by the leave-one-out error),
 * which is small near rated songs and large far from them.
 */
public final class RidgeRegression {
    /** Penalties tried, relative to the mean eigenvalue of the centred Gram matrix (scale-free). */
    static final double[] RELATIVE_PENALTIES = grid(1e-3, 1e4, 29);
    /** Eigenvalues below this share of the largest are treated as zero (rank-deficient inputs). */
    private static final double RANK_TOLERANCE = 1e-10;

    private RidgeRegression() {
    }

    /**
     * A fitted ridge model.
     *
     * @param mean          the training inputs' column means
     * @param intercept     the training targets' mean
     * @param beta          weights on centred inputs
     * @param penalty       the chosen α
     * @param noiseVariance σ², the leave-one-out mean squared error
     * @param basis         p × m, orthonormal columns: the eigenvectors of XcᵀXc with non-zero eigenvalue
     * @param eigenvalues   their m eigenvalues
     */
    public record Model(float[] mean, double intercept, double[] beta, double penalty, double noiseVariance,
                        float[][] basis, double[] eigenvalues) {
        public int dim() {
            return mean.length;
        }

        public double predict(float[] x) {
            double s = intercept;
            for (int j = 0; j < beta.length; j++) {
                s += (x[j] - mean[j]) * beta[j];
            }
            return s;
        }

        /** σ²·xcᵀ(XcᵀXc + αI)⁻¹xc: the variance of this prediction from the weights' uncertainty. */
        public double variance(float[] x) {
            int p = mean.length, m = eigenvalues.length;
            double norm = 0;
            double[] xc = new double[p];
            for (int j = 0; j < p; j++) {
                xc[j] = x[j] - mean[j];
                norm += xc[j] * xc[j];
            }
            double inSpan = 0, q = 0;
            for (int k = 0; k < m; k++) {
                double proj = 0;
                for (int j = 0; j < p; j++) {
                    proj += basis[j][k] * xc[j];
                }
                inSpan += proj * proj;
                q += proj * proj / (eigenvalues[k] + penalty);
            }
            q += Math.max(0, norm - inSpan) / penalty;   // directions no training song varied along
            return noiseVariance * q;
        }
    }

    /** The model, each training example's leave-one-out prediction and their mean squared error. */
    public record Fit(Model model, double[] looPredictions, double looMse) {
    }

    /** Fits {@code y ≈ x·β + b} with the penalty of least leave-one-out error; needs at least 3 examples. */
    public static Fit fit(float[][] x, double[] y) {
        int n = x.length;
        if (n < 3 || y.length != n) {
            throw new IllegalArgumentException("ridge needs at least 3 examples with targets, got " + n + "/" + y.length);
        }
        int p = x[0].length;
        double[] mean = new double[p];
        double ym = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                mean[j] += (double) x[i][j] / n;
            }
            ym += y[i] / n;
        }
        INDArray xc = Nd4j.create(DataType.DOUBLE, n, p);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xc.putScalar(i, j, x[i][j] - mean[j]);
            }
        }
        Spectrum s = Spectrum.of(xc, n, p);
        int m = s.values.length;
        double[] rc = new double[n];
        for (int i = 0; i < n; i++) {
            rc[i] = y[i] - ym;
        }
        double[] z = new double[m];   // Uᵀ·rc
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < n; i++) {
                z[k] += s.u[i][k] * rc[i];
            }
        }
        double meanEigen = 0;
        for (double v : s.values) {
            meanEigen += v / Math.max(1, m);
        }
        double bestMse = Double.POSITIVE_INFINITY, bestPenalty = 1;
        double[] bestLoo = null;
        for (double rel : RELATIVE_PENALTIES) {
            double penalty = rel * (meanEigen > 0 ? meanEigen : 1);
            double[] loo = new double[n];
            double mse = 0;
            for (int i = 0; i < n; i++) {
                double fitted = 0, h = 1.0 / n;
                for (int k = 0; k < m; k++) {
                    double shrink = s.values[k] / (s.values[k] + penalty);
                    fitted += s.u[i][k] * z[k] * shrink;
                    h += s.u[i][k] * s.u[i][k] * shrink;
                }
                double residual = rc[i] - fitted;
                loo[i] = y[i] - residual / Math.max(1e-9, 1 - h);
                mse += (y[i] - loo[i]) * (y[i] - loo[i]) / n;
            }
            if (mse < bestMse) {
                bestMse = mse;
                bestPenalty = penalty;
                bestLoo = loo;
            }
        }
        double[] beta = new double[p];
        for (int k = 0; k < m; k++) {
            double c = Math.sqrt(s.values[k]) / (s.values[k] + bestPenalty) * z[k];
            for (int j = 0; j < p; j++) {
                beta[j] += s.v[j][k] * c;
            }
        }
        float[][] basis = new float[p][m];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < m; k++) {
                basis[j][k] = (float) s.v[j][k];
            }
        }
        float[] meanF = new float[p];
        for (int j = 0; j < p; j++) {
            meanF[j] = (float) mean[j];
        }
        return new Fit(new Model(meanF, ym, beta, bestPenalty, bestMse, basis, s.values.clone()), bestLoo, bestMse);
    }

    /**
     * The non-zero part of Xc's spectrum: eigenvalues λk of XcᵀXc, its eigenvectors V (p × m) and the
     * matching left vectors U = Xc·V·diag(1/√λk) (n × m), from whichever Gram matrix is smaller.
     */
    private record Spectrum(double[] values, double[][] u, double[][] v) {
        static Spectrum of(INDArray xc, int n, int p) {
            boolean primal = p <= n;
            INDArray gram = primal ? xc.transpose().mmul(xc) : xc.mmul(xc.transpose());
            SymmetricEigen e = SymmetricEigen.of(gram.toDoubleMatrix());
            double top = e.values().length == 0 ? 0 : e.values()[e.values().length - 1];
            int kept = 0;
            for (double v : e.values()) {
                kept += v > RANK_TOLERANCE * top && v > 0 ? 1 : 0;
            }
            if (kept == 0) {
                return new Spectrum(new double[0], new double[n][0], new double[p][0]);
            }
            double[] values = new double[kept];
            int first = e.values().length - kept;   // ascending: the kept ones are last
            INDArray w = Nd4j.create(DataType.DOUBLE, primal ? p : n, kept);
            for (int k = 0; k < kept; k++) {
                values[k] = e.values()[first + k];
                for (int i = 0; i < (primal ? p : n); i++) {
                    w.putScalar(i, k, e.vectors()[i][first + k]);
                }
            }
            INDArray scale = Nd4j.create(DataType.DOUBLE, 1, kept);
            for (int k = 0; k < kept; k++) {
                scale.putScalar(0, k, 1 / Math.sqrt(values[k]));
            }
            // primal: w = V, U = Xc·V/√λ; dual: w = U, V = Xcᵀ·U/√λ
            INDArray other = (primal ? xc.mmul(w) : xc.transpose().mmul(w)).muliRowVector(scale);
            double[][] u = (primal ? other : w).toDoubleMatrix();
            double[][] v = (primal ? w : other).toDoubleMatrix();
            return new Spectrum(values, u, v);
        }
    }

    private static double[] grid(double from, double to, int steps) {
        double[] g = new double[steps];
        for (int i = 0; i < steps; i++) {
            g[i] = from * Math.pow(to / from, (double) i / (steps - 1));
        }
        return g;
    }
}
