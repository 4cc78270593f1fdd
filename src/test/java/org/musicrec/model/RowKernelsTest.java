package org.musicrec.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RowKernels} against ND4J's own ops, on an array large enough to take the two-half (forked) path
 * and on a view that starts inside its buffer (offset ≠ 0), with odd row lengths.
 */
class RowKernelsTest {
    @Test
    void kernelsMatchNd4jOnLargeArraysAndViews() {
        Nd4j.getRandom().setSeed(3);
        INDArray big = Nd4j.rand(DataType.FLOAT, 5, 7, 101, 97).subi(0.3);   // 346 535 elements: forked
        INDArray holder = Nd4j.rand(DataType.FLOAT, 3, 7, 101, 97);
        INDArray view = holder.get(NDArrayIndex.interval(1, 3));             // offset inside its buffer
        assertTrue(view.offset() > 0);
        for (INDArray x : new INDArray[] {big, view}) {
            INDArray e = Nd4j.rand(DataType.FLOAT, x.shape()).subi(0.5);
            RowKernels.Rows xr = RowKernels.Rows.of(x);
            RowKernels.Rows er = RowKernels.Rows.of(e);
            int rows = xr.rows();
            INDArray x2 = x.reshape('c', rows, xr.length());
            INDArray e2 = e.reshape('c', rows, xr.length());
            double[] sum = new double[rows], sq = new double[rows], se = new double[rows], dot = new double[rows];
            RowKernels.sumAndSquares(xr, sum, sq);
            RowKernels.sumAndDot(er, xr, se, dot);
            INDArray xd = x2.castTo(DataType.DOUBLE);
            INDArray ed = e2.castTo(DataType.DOUBLE);
            assertClose(xd.sum(1).toDoubleVector(), sum, "Σx");
            assertClose(xd.mul(xd).sum(1).toDoubleVector(), sq, "Σx²");
            assertClose(ed.sum(1).toDoubleVector(), se, "Σe");
            assertClose(ed.mul(xd).sum(1).toDoubleVector(), dot, "Σe·x");
            int c = (int) x.size(1);
            float[] a = new float[c], b = new float[c], k = new float[c];
            for (int i = 0; i < c; i++) {
                a[i] = 0.5f + i;
                b[i] = -0.25f * i;
                k[i] = 1.5f - i;
            }
            INDArray z = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            RowKernels.affine(xr, a, b, RowKernels.Rows.of(z));
            INDArray av = Nd4j.createFromArray(a).reshape(1, c, 1, 1), bv = Nd4j.createFromArray(b).reshape(1, c, 1, 1);
            INDArray kv = Nd4j.createFromArray(k).reshape(1, c, 1, 1);
            INDArray expect = x.mul(av.broadcast(x.shape())).addi(bv.broadcast(x.shape()));
            assertEquals(0.0, z.sub(expect).amaxNumber().doubleValue(), 1e-5, "affine");
            RowKernels.affine2(er, a, xr, b, k, RowKernels.Rows.of(z));
            INDArray expect2 = e.mul(av.broadcast(x.shape())).addi(x.mul(bv.broadcast(x.shape()))).addi(kv.broadcast(x.shape()));
            assertEquals(0.0, z.sub(expect2).amaxNumber().doubleValue(), 1e-5, "affine2");
        }
    }

    @Test
    void refusesArraysItCannotReadDirectly() {
        assertThrows(IllegalArgumentException.class, () -> RowKernels.Rows.of(Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5)));
        assertThrows(IllegalArgumentException.class, () -> RowKernels.Rows.of(Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5).permute(0, 1, 3, 2)));
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.max(1, Math.abs(expected[i])) + 1e-6, what + " row " + i);
        }
    }
}
