package org.musicrec.recommend;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecomposition of a real symmetric matrix, {@code A = V · diag(values) · Vᵀ}, through LAPACK's
 * {@code syev} (ND4J's {@link Eigen}, double precision). Values come in ascending order; {@code vectors[i][k]}
 * is component i of eigenvector k.
 */
record SymmetricEigen(double[] values, double[][] vectors) {
    static SymmetricEigen of(double[][] a) {
        int n = a.length;
        if (n == 0) {
            return new SymmetricEigen(new double[0], new double[0][0]);
        }
        // syev reads and overwrites a column-major matrix: with a symmetric input the order only matters for
        // reading the eigenvectors back, which are then the columns of the 'f'-ordered result.
        INDArray m = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.putScalar(i, j, a[i][j]);
            }
        }
        INDArray w = Eigen.symmetricGeneralizedEigenvalues(m, true);
        double[] values = w.toDoubleVector();
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                vectors[i][k] = m.getDouble(i, k);
            }
        }
        return new SymmetricEigen(values, vectors);
    }
}
