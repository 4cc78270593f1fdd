package org.musicrec.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskedBceTest {
    private final MaskedBce bce = new MaskedBce();

    private static INDArray rand(long seed, int rows, int cols) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextGaussian(new long[] {rows, cols})
                .castTo(DataType.DOUBLE).muli(3);
    }

    @Test
    void maskedSongsChangeNeitherLossNorGradient() {
        INDArray logits = rand(1, 4, 7);
        INDArray targets = Nd4j.create(new double[][] {
                {1, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0}, {0, 1, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0}});
        INDArray mask = Nd4j.create(new double[] {1, 0, 1, 0});
        LossAndGradient a = bce.compute(logits, targets, mask);

        INDArray logits2 = logits.dup();
        logits2.getRow(1).assign(Double.NaN);
        logits2.getRow(3).assign(1e6);
        INDArray targets2 = targets.dup();
        targets2.getRow(1).assign(1);
        LossAndGradient b = bce.compute(logits2, targets2, mask);

        assertEquals(a.loss(), b.loss(), 0.0);
        assertEquals(a.gradient(), b.gradient());
        assertEquals(0.0, b.gradient().getRow(1).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, b.gradient().getRow(3).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void lossIsTheMeanOverUnmaskedSongsAndCategories() {
        INDArray logits = rand(2, 3, 7);
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, 3, 7);
        targets.putScalar(0, 2, 1);
        targets.putScalar(2, 5, 1);
        INDArray mask = Nd4j.create(new double[] {1, 0, 1});
        double sum = 0;
        for (int i : new int[] {0, 2}) {
            for (int c = 0; c < 7; c++) {
                double x = logits.getDouble(i, c);
                double y = targets.getDouble(i, c);
                double p = 1 / (1 + Math.exp(-x));
                sum += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
            }
        }
        assertEquals(sum / 14, bce.score(logits, targets, mask), 1e-9);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray logits = rand(3, 3, 7);
        INDArray targets = Nd4j.rand(DataType.DOUBLE, 3, 7).gt(0.5).castTo(DataType.DOUBLE);
        INDArray mask = Nd4j.create(new double[] {1, 1, 0});
        INDArray g = bce.gradient(logits, targets, mask);
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 7; c++) {
                INDArray p = logits.dup();
                p.putScalar(i, c, logits.getDouble(i, c) + h);
                INDArray m = logits.dup();
                m.putScalar(i, c, logits.getDouble(i, c) - h);
                double numeric = (bce.score(p, targets, mask) - bce.score(m, targets, mask)) / (2 * h);
                assertEquals(numeric, g.getDouble(i, c), 1e-7, "at " + i + "," + c);
            }
        }
    }

    @Test
    void allMaskedGivesZeroLossAndZeroGradient() {
        LossAndGradient r = bce.compute(rand(4, 2, 7), Nd4j.ones(DataType.DOUBLE, 2, 7), Nd4j.zeros(DataType.DOUBLE, 2));
        assertEquals(0.0, r.loss(), 0.0);
        assertTrue(r.gradient().eq(0).all());
    }
}
