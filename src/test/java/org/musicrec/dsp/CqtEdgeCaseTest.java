package org.musicrec.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicrec.dsp.CqtParams.Algorithm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Shapes, odd and short lengths, silence, batch consistency, buffer reuse, and the GEMM plumbing. */
class CqtEdgeCaseTest {
    private static final CqtParams P = CqtParams.DEFAULTS;

    static float[][] noise(int b, int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[b][n];
        for (float[] row : x) {
            for (int i = 0; i < n; i++) {
                row[i] = (float) (0.1 * r.nextGaussian());
            }
        }
        return x;
    }

    static INDArray batch(float[][] x) {
        return Nd4j.createFromArray(x).castTo(DataType.FLOAT);
    }

    static double relErr(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
    }

    /**
     * The direct form against a plain double-precision loop over the same kernel taps: checks the
     * chunked GEMM, the shifted adds, padding and the magnitude, on a clip shorter than the longest kernel.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 511, 513, 7001})
    void directMatchesNaiveLoop(int n) {
        float[][] x = noise(2, n, n);
        INDArray got = Cqt.create(P.withAlgorithm(Algorithm.DIRECT)).transform(batch(x));
        KernelBank bank = KernelBank.build(P, 0, P.nBins(), 0);
        int frames = P.frames(n);
        assertArrayEquals(new long[] {2, P.nBins(), frames}, got.shape());
        float[] taps = bank.taps();
        int c2 = 2 * P.nBins();
        double num = 0;
        double den = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < frames; t++) {
                double[] re = new double[P.nBins()];
                double[] im = new double[P.nBins()];
                for (int u = 0; u < bank.width(); u++) {
                    int s = t * P.hopLength() + u - bank.jLo();
                    if (s < 0 || s >= n) {
                        continue;
                    }
                    for (int k = 0; k < P.nBins(); k++) {
                        re[k] += x[b][s] * taps[u * c2 + k];
                        im[k] += x[b][s] * taps[u * c2 + P.nBins() + k];
                    }
                }
                for (int k = 0; k < P.nBins(); k++) {
                    double want = Math.hypot(re[k], im[k]);
                    double d = got.getDouble(b, k, t) - want;
                    num += d * d;
                    den += want * want;
                }
            }
        }
        assertTrue(Math.sqrt(num / den) < 1e-4, "direct vs loop " + Math.sqrt(num / den));
    }

    /**
     * The two formulations agree on odd, short and tiny clips. The top octave uses identical kernels on the
     * undecimated signal, so it must match to float rounding. Lower octaves differ by the decimation filter,
     * and near the clip's ends also by its truncation to ceil(n/2) samples (librosa truncates the same
     * way), so frames within 9 hops of an end are held to 6 % and interior frames to 1 %.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 100, 1023, 4001, 12345, 48001})
    void formulationsAgreeOnOddAndShortLengths(int n) {
        INDArray x = batch(noise(3, n, 7 * n));
        INDArray d = Cqt.create(P.withAlgorithm(Algorithm.DIRECT)).transform(x);
        INDArray m = Cqt.create(P.withAlgorithm(Algorithm.MULTIRATE)).transform(x);
        int frames = 1 + n / 512;
        assertArrayEquals(new long[] {3, 84, frames}, m.shape());
        assertArrayEquals(d.shape(), m.shape());
        double eTop = relErr(m.get(NDArrayIndex.all(), NDArrayIndex.interval(72, 84), NDArrayIndex.all()),
                d.get(NDArrayIndex.all(), NDArrayIndex.interval(72, 84), NDArrayIndex.all()));
        assertTrue(eTop < 1e-4, "top octave, n=" + n + ": " + eTop);
        double e = relErr(m, d);
        assertTrue(e < 0.06, "all frames, n=" + n + ": " + e);
        if (frames > 18) {
            INDArrayIndex ti = NDArrayIndex.interval(9, frames - 9);
            double eInt = relErr(m.get(NDArrayIndex.all(), NDArrayIndex.all(), ti), d.get(NDArrayIndex.all(), NDArrayIndex.all(), ti));
            assertTrue(eInt < 0.01, "interior frames, n=" + n + ": " + eInt);
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void silenceGivesZerosAndNoNaN(Algorithm a) {
        INDArray m = Cqt.create(P.withAlgorithm(a)).transform(Nd4j.zeros(DataType.FLOAT, 2, 16000));
        assertEquals(0.0, m.maxNumber().doubleValue());
        INDArray post = CqtPostprocess.logMinMax(m);
        assertFalse(Double.isNaN(post.sumNumber().doubleValue()));
        assertEquals(0.0, post.maxNumber().doubleValue());
    }

    /** B = 1 gives the same rows as a larger batch; a second call on the same shape reuses buffers cleanly. */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void batchOfOneAndBufferReuse(Algorithm a) {
        Cqt cqt = Cqt.create(P.withAlgorithm(a));
        float[][] x = noise(3, 20001, 42);
        INDArray all = cqt.transform(batch(x));
        INDArray one = cqt.transform(batch(new float[][] {x[1]}));
        assertTrue(relErr(one.slice(0), all.slice(1)) < 1e-5, "B=1 vs B=3");
        INDArray other = cqt.transform(batch(noise(3, 20001, 43)));
        INDArray again = cqt.transform(batch(x));
        assertTrue(relErr(again, all) < 1e-6, "repeat after other data");
        assertTrue(relErr(other, all) > 0.1);
        // Longer then shorter clip: no samples of the old one may leak into the zero padding.
        cqt.transform(batch(noise(3, 30000, 44)));
        INDArray shortAgain = cqt.transform(batch(x));
        assertTrue(relErr(shortAgain, all) < 1e-6, "after a shape change");
        float[][] single = cqt.magnitude(x[2]);
        assertEquals(84, single.length);
        assertEquals(1 + 20001 / 512, single[0].length);
        assertEquals(all.getDouble(2, 40, 10), single[40][10], 1e-4 * Math.abs(single[40][10]) + 1e-9);
    }

    @Test
    void doubleInputIsAccepted() {
        INDArray x = batch(noise(1, 5000, 1));
        Cqt cqt = Cqt.create(P);
        assertTrue(relErr(cqt.transform(x.castTo(DataType.DOUBLE)), cqt.transform(x)) < 1e-6);
    }

    @Test
    void badInputsAreRejected() {
        Cqt cqt = Cqt.create(P);
        assertThrows(IllegalArgumentException.class, () -> cqt.transform(Nd4j.zeros(DataType.FLOAT, 100)));
        assertThrows(IllegalArgumentException.class, () -> cqt.transform(Nd4j.zeros(DataType.FLOAT, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Cqt.create(P).magnitude(new float[0]));
    }

    /** Non-default configurations still give a sine its own bin (partial lowest octave, odd hop). */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void otherConfigurations(Algorithm a) {
        for (CqtParams p : new CqtParams[] {
            new CqtParams(22050, 50, 12, 55.0, 256, a),     // 4 octaves + 2 bins
            new CqtParams(16000, 48, 24, 65.4, 300, a),     // 24 bins/octave, hop halves twice only
        }) {
            int bin = p.nBins() / 2 + 1;
            int n = p.sampleRate() * 2;
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = (float) Math.sin(2 * Math.PI * p.frequency(bin) * i / p.sampleRate());
            }
            float[][] m = Cqt.create(p).magnitude(s);
            int t = m[0].length / 2;
            int best = 0;
            for (int k = 1; k < m.length; k++) {
                if (m[k][t] > m[best][t]) {
                    best = k;
                }
            }
            assertEquals(bin, best, p.toString());
            assertEquals(Math.sqrt(p.kernelLength(bin)) / 2, m[bin][t], 0.02 * m[bin][t], p.toString());
        }
    }

    @Test
    void parallelWorkersGiveTheSameResult() {
        INDArray x = batch(noise(5, 9000, 5));
        INDArray want = Cqt.create(P).transform(x);
        try (ParallelCqt par = new ParallelCqt(P, 2)) {
            assertTrue(relErr(par.transform(x), want) < 1e-6);
            assertTrue(relErr(par.transform(x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all())), want.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all())) < 1e-6);
        }
    }

    /** transform(batch, out) writes into a caller's slab (a view) and checks the shape. */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void transformIntoAView(Algorithm a) {
        Cqt cqt = Cqt.create(P.withAlgorithm(a));
        INDArray x = batch(noise(2, 7000, 3));
        INDArray big = Nd4j.zeros(DataType.FLOAT, 4, 84, 1 + 7000 / 512);
        INDArray slab = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all());
        cqt.transform(x, slab);
        assertTrue(relErr(big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all()), cqt.transform(x)) < 1e-6);
        assertEquals(0.0, big.slice(0).sumNumber().doubleValue());
        assertEquals(0.0, big.slice(3).sumNumber().doubleValue());
        assertThrows(IllegalArgumentException.class, () -> cqt.transform(x, Nd4j.zeros(DataType.FLOAT, 2, 84, 3)));
    }
}
