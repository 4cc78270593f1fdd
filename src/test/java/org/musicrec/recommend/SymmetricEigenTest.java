package org.musicrec.recommend;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymmetricEigenTest {
    @Test
    void reconstructsARandomSymmetricMatrixWithOrthonormalVectors() {
        Random r = new Random(1);
        for (int n : new int[] {1, 2, 5, 40}) {
            double[][] x = new double[n + 3][n];
            for (double[] row : x) {
                for (int j = 0; j < n; j++) {
                    row[j] = r.nextGaussian();
                }
            }
            double[][] a = new double[n][n];
            for (double[] row : x) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        a[i][j] += row[i] * row[j];
                    }
                }
            }
            SymmetricEigen e = SymmetricEigen.of(a);
            for (int k = 1; k < n; k++) {
                assertTrue(e.values()[k] >= e.values()[k - 1], "ascending");
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double rec = 0, dot = 0;
                    for (int k = 0; k < n; k++) {
                        rec += e.vectors()[i][k] * e.values()[k] * e.vectors()[j][k];
                        dot += e.vectors()[k][i] * e.vectors()[k][j];
                    }
                    assertEquals(a[i][j], rec, 1e-9 * n, "A[" + i + "][" + j + "], n=" + n);
                    assertEquals(i == j ? 1 : 0, dot, 1e-9, "VᵀV, n=" + n);
                }
            }
        }
    }
}
