package org.musicrec.embed;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Projection of row vectors onto their first principal components, for a 2-D picture of the
 * library. Works on the D × D covariance, accumulated in row blocks on ND4J, so N never has to fit in
 * one array: 60 000 × 2048 is 30 block GEMMs plus an eigen-solve of a 2048 × 2048 matrix. The leading
 * eigenvectors come from orthogonal (subspace) iteration, which is deterministic and needs only
 * matrix products; a few hundred iterations are ample for a picture.
 */
final class Pca {
    private static final int BLOCK_ROWS = 2048;
    private static final int ITERATIONS = 300;

    private Pca() {
    }

    /**
     * @param rows N row vectors of equal dimension D
     * @param k    components (k ≤ D)
     * @return [N][k] coordinates of the centred rows on the top-k components; each component's sign
     *         is fixed so its largest-magnitude loading is positive (same data, same picture)
     */
    static double[][] project(List<float[]> rows, int k) {
        int n = rows.size();
        if (n == 0) {
            return new double[0][k];
        }
        int d = rows.get(0).length;
        k = Math.min(k, d);
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        // cov: D x D, sum over blocks of (B - mean)^T (B - mean)
        INDArray cov = Nd4j.zeros(DataType.DOUBLE, d, d);
        for (int s = 0; s < n; s += BLOCK_ROWS) {
            int e = Math.min(n, s + BLOCK_ROWS);
            double[][] b = new double[e - s][d];
            for (int i = s; i < e; i++) {
                float[] r = rows.get(i);
                for (int j = 0; j < d; j++) {
                    b[i - s][j] = r[j] - mean[j];
                }
            }
            INDArray block = Nd4j.create(b);                 // (e-s) x D
            cov.addi(block.transpose().mmul(block));
        }
        INDArray v = topEigenvectors(cov, k);                // D x k
        double[][] out = new double[n][k];
        double[][] w = v.toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            float[] r = rows.get(i);
            for (int j = 0; j < d; j++) {
                double x = r[j] - mean[j];
                for (int c = 0; c < k; c++) {
                    out[i][c] += x * w[j][c];
                }
            }
        }
        return out;
    }

    /** Orthogonal iteration: V ← orthonormalise(C V), from a fixed start. Columns in decreasing eigenvalue. */
    static INDArray topEigenvectors(INDArray cov, int k) {
        int d = (int) cov.rows();
        double[][] start = new double[d][k];
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < k; c++) {
                // A fixed, non-degenerate start (not aligned with any axis).
                start[j][c] = Math.sin(1.0 + j * 0.618 + c * 1.414);
            }
        }
        INDArray v = orthonormalise(Nd4j.create(start));
        for (int it = 0; it < ITERATIONS; it++) {
            v = orthonormalise(cov.mmul(v));
        }
        double[][] w = v.toDoubleMatrix();
        for (int c = 0; c < k; c++) {
            int arg = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(w[j][c]) > Math.abs(w[arg][c]) + 1e-12) {
                    arg = j;
                }
            }
            if (w[arg][c] < 0) {
                for (int j = 0; j < d; j++) {
                    w[j][c] = -w[j][c];
                }
            }
        }
        return Nd4j.create(w);
    }

    /** Modified Gram–Schmidt on the columns; a column that vanishes (rank-deficient data) stays zero. */
    private static INDArray orthonormalise(INDArray m) {
        double[][] a = m.toDoubleMatrix();
        int d = a.length, k = a[0].length;
        for (int c = 0; c < k; c++) {
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += a[j][c] * a[j][p];
                }
                for (int j = 0; j < d; j++) {
                    a[j][c] -= dot * a[j][p];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += a[j][c] * a[j][c];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                a[j][c] = norm > 1e-300 ? a[j][c] / norm : 0;
            }
        }
        return Nd4j.create(a);
    }
}
