package org.musicrec.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoNceTest {
    private static INDArray rand(long seed, int rows, int cols) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextGaussian(new long[] {rows, cols})
                .castTo(DataType.DOUBLE);
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        int n = 3, d = 5, k = 4;
        INDArray zq = rand(1, n, d).muli(2.5);                    // unnormalised, norms far from 1
        INDArray keys = InfoNce.normalizeRows(rand(2, n, d));
        INDArray queue = InfoNce.normalizeRows(rand(3, k, d));
        InfoNce loss = new InfoNce(0.07);
        INDArray analytic = loss.gradient(zq, keys, queue);
        assertArrayEquals(new long[] {n, d}, analytic.shape());
        double h = 1e-6;
        double maxRel = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                INDArray plus = zq.dup();
                plus.putScalar(i, j, zq.getDouble(i, j) + h);
                INDArray minus = zq.dup();
                minus.putScalar(i, j, zq.getDouble(i, j) - h);
                double numeric = (loss.score(plus, keys, queue) - loss.score(minus, keys, queue)) / (2 * h);
                double a = analytic.getDouble(i, j);
                maxRel = Math.max(maxRel, Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric)));
            }
        }
        assertTrue(maxRel < 1e-6, "max relative error " + maxRel);
    }

    @Test
    void lossIsCrossEntropyWithThePositiveFirst() {
        // One query equal to its key and orthogonal to the single negative: logits [1/τ, 0].
        INDArray q = Nd4j.create(new double[][] {{2, 0}});
        INDArray k = Nd4j.create(new double[][] {{1, 0}});
        INDArray queue = Nd4j.create(new double[][] {{0, 1}});
        double tau = 0.5;
        double expected = Math.log(Math.exp(1 / tau) + 1) - 1 / tau;
        assertEquals(expected, new InfoNce(tau).score(q, k, queue), 1e-12);
    }

    @Test
    void gradientIsOrthogonalToTheQuery() {
        // Scaling a projection does not change the loss, so the gradient has no radial part.
        INDArray zq = rand(4, 6, 8);
        INDArray g = new InfoNce(0.07).gradient(zq, InfoNce.normalizeRows(rand(5, 6, 8)),
                InfoNce.normalizeRows(rand(6, 12, 8)));
        INDArray radial = g.mul(zq).sum(1);
        assertEquals(0.0, radial.amaxNumber().doubleValue(), 1e-10);
    }
}
