package org.musicrec.dsp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RealFftTest {
    /** The O(n²) definition, for comparison. */
    private static double[] naivePower(double[] x) {
        int n = x.length;
        double[] p = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++) {
                re += x[t] * Math.cos(2 * Math.PI * k * t / n);
                im -= x[t] * Math.sin(2 * Math.PI * k * t / n);
            }
            p[k] = re * re + im * im;
        }
        return p;
    }

    @Test
    void matchesTheDefinitionOnRandomFramesOfEverySize() {
        Random r = new Random(3);
        for (int n : new int[] {4, 8, 16, 64, 512, 1024}) {
            RealFft fft = new RealFft(n);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian();
            }
            double[] p = new double[fft.bins()];
            fft.power(x, p);
            double[] want = naivePower(x);
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], p[k], 1e-9 * (1 + want[k]) * n, "n=" + n + " bin " + k);
            }
        }
    }

    @Test
    void aSineLandsInItsBin() {
        Stft stft = new Stft(1024, 512);
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * 1000.0 * i / 16000);   // 1000 Hz = bin 64 at 16 kHz, n 1024
        }
        float[][] s = stft.power(x, x.length);
        assertEquals(1 + (16000 - 1024) / 512, s.length);
        int best = 0;
        for (int k = 0; k < s[3].length; k++) {
            if (s[3][k] > s[3][best]) {
                best = k;
            }
        }
        assertEquals(64, best);
        assertEquals(1000.0, stft.binHz(best, 16000), 1e-9);
    }

    @Test
    void shortAndEmptySignals() {
        Stft stft = new Stft(256, 128);
        assertEquals(0, stft.power(new float[10], 0).length);
        assertEquals(1, stft.power(new float[10], 10).length);
        assertThrows(IllegalArgumentException.class, () -> new RealFft(100));
    }
}
