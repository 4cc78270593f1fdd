package org.musicrec.recommend;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RidgeRegressionTest {
    /** (XcᵀXc + αI)⁻¹ Xcᵀ (y − ȳ) by Gaussian elimination: the definition, for comparison. */
    private static double[] direct(float[][] x, double[] y, double alpha, double[] meanOut) {
        int n = x.length, p = x[0].length;
        double ym = Arrays.stream(y).average().orElseThrow();
        double[] mean = new double[p];
        for (float[] r : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += r[j] / (double) n;
            }
        }
        double[][] a = new double[p][p + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    a[j][k] += (x[i][j] - mean[j]) * (x[i][k] - mean[k]);
                }
                a[j][p] += (x[i][j] - mean[j]) * (y[i] - ym);
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += alpha;
        }
        for (int c = 0; c < p; c++) {
            for (int r = c + 1; r < p; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= p; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[] b = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = a[r][p];
            for (int k = r + 1; k < p; k++) {
                s -= a[r][k] * b[k];
            }
            b[r] = s / a[r][r];
        }
        System.arraycopy(mean, 0, meanOut, 0, p);
        return b;
    }

    private static float[][] gaussian(int n, int p, Random r) {
        float[][] x = new float[n][p];
        for (float[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void weightsAndLeaveOneOutPredictionsMatchTheDefinitionInBothForms() {
        Random r = new Random(7);
        for (int[] shape : new int[][] {{40, 6}, {12, 30}}) {   // primal (n > p) and dual (n < p)
            int n = shape[0], p = shape[1];
            float[][] x = gaussian(n, p, r);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = 2 * x[i][0] - x[i][1] + 0.5 * r.nextGaussian() + 3;
            }
            RidgeRegression.Fit fit = RidgeRegression.fit(x, y);
            double alpha = fit.model().penalty();
            double[] mean = new double[p];
            double[] want = direct(x, y, alpha, mean);
            for (int j = 0; j < p; j++) {
                assertEquals(want[j], fit.model().beta()[j], 1e-8, "beta " + j + " of " + n + "x" + p);
            }
            // Leave-one-out: refit without i (same penalty), predict i.
            double mse = 0;
            for (int i = 0; i < n; i++) {
                float[][] xi = new float[n - 1][];
                double[] yi = new double[n - 1];
                for (int a = 0, b = 0; a < n; a++) {
                    if (a != i) {
                        xi[b] = x[a];
                        yi[b++] = y[a];
                    }
                }
                double[] m = new double[p];
                double[] bi = direct(xi, yi, alpha, m);
                double pred = Arrays.stream(yi).average().orElseThrow();
                for (int j = 0; j < p; j++) {
                    pred += (x[i][j] - m[j]) * bi[j];
                }
                assertEquals(pred, fit.looPredictions()[i], 1e-8, "LOO " + i + " of " + n + "x" + p);
                mse += (y[i] - pred) * (y[i] - pred) / n;
            }
            assertEquals(mse, fit.looMse(), 1e-9);
            // Posterior variance: σ²·xcᵀ(XcᵀXc + αI)⁻¹xc, via the same solver on a one-hot target trick.
            float[] probe = gaussian(1, p, r)[0];
            double v = fit.model().variance(probe);
            assertTrue(v > 0);
            assertEquals(varianceDirect(x, alpha, probe) * fit.model().noiseVariance(), v, 1e-6 * (1 + v));   // basis kept as float
        }
    }

    /** xcᵀ(XcᵀXc + αI)⁻¹xc by solving with the probe as right-hand side. */
    private static double varianceDirect(float[][] x, double alpha, float[] probe) {
        int n = x.length, p = probe.length;
        double[] mean = new double[p];
        for (float[] r : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += r[j] / (double) n;
            }
        }
        double[][] a = new double[p][p + 1];
        for (float[] row : x) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    a[j][k] += (row[j] - mean[j]) * (row[k] - mean[k]);
                }
            }
        }
        double[] xc = new double[p];
        for (int j = 0; j < p; j++) {
            a[j][j] += alpha;
            xc[j] = probe[j] - mean[j];
            a[j][p] = xc[j];
        }
        for (int c = 0; c < p; c++) {
            for (int r = c + 1; r < p; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= p; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[] b = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = a[r][p];
            for (int k = r + 1; k < p; k++) {
                s -= a[r][k] * b[k];
            }
            b[r] = s / a[r][r];
        }
        double q = 0;
        for (int j = 0; j < p; j++) {
            q += xc[j] * b[j];
        }
        return q;
    }

    @Test
    void findsTwoRelevantInputsAmongFortyFromSixtyExamples() {
        Random r = new Random(11);
        int n = 60, p = 40;
        float[][] x = gaussian(n, p, r);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 0.8 * x[i][3] - 0.6 * x[i][17] + 0.3 * r.nextGaussian();
        }
        RidgeRegression.Fit fit = RidgeRegression.fit(x, y);
        double[] b = fit.model().beta();
        for (int j = 0; j < p; j++) {
            if (j != 3 && j != 17) {
                assertTrue(Math.abs(b[j]) < 0.25 * Math.abs(b[3]), "input " + j + " weight " + b[j]);
            }
        }
        assertTrue(fit.looMse() < 0.3, "loo mse " + fit.looMse());   // the target's variance is ~1.09
        // Far from the training inputs the prediction is less certain than at a training input.
        float[] far = new float[p];
        Arrays.fill(far, 6f);
        assertTrue(fit.model().variance(far) > 10 * fit.model().variance(x[0]));
    }

    @Test
    void pureNoiseGetsAHeavyPenaltyAndConstantInputsPredictTheMean() {
        Random r = new Random(5);
        float[][] x = gaussian(50, 10, r);
        double[] y = new double[50];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextGaussian();
        }
        RidgeRegression.Fit fit = RidgeRegression.fit(x, y);
        double norm = Arrays.stream(fit.model().beta()).map(Math::abs).max().orElseThrow();
        assertTrue(norm < 0.15, "noise weights " + Arrays.toString(fit.model().beta()));
        float[][] flat = new float[20][3];
        double[] t = new double[20];
        for (int i = 0; i < t.length; i++) {
            t[i] = i % 2;
        }
        RidgeRegression.Fit constant = RidgeRegression.fit(flat, t);
        assertEquals(0.5, constant.model().predict(new float[3]), 1e-12);
        assertTrue(Double.isFinite(constant.model().variance(new float[] {1, 2, 3})));
    }
}
