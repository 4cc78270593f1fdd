package org.musicrec.train;

import org.junit.jupiter.api.Test;
import org.musicrec.config.AugmentConfig;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmenterTest {
    private static final int SR = 1000;

    private static float[] sine(int n, double f) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * f * i / SR);
        }
        return x;
    }

    @Test
    void viewHasClipLengthAndIsReproducible() {
        AugmentConfig cfg = new AugmentConfig(5, 15, 2, 25, 35, 0.5, 0.1, 0.5, 0.3);
        Augmenter a = new Augmenter(cfg, SR, 10);
        float[] chunk = sine(30 * SR, 50), partner = sine(30 * SR, 120);
        float[] v1 = a.view(chunk, partner, new SplittableRandom(5));
        float[] v2 = a.view(chunk, partner, new SplittableRandom(5));
        assertEquals(10 * SR, v1.length);
        assertArrayEquals(v1, v2);
    }

    @Test
    void cropIsBetweenMinAndMaxThenPaddedWithZeros() {
        AugmentConfig cfg = new AugmentConfig(5, 15, 0, 25, 35, 0, 0.1, 0, 0);
        Augmenter a = new Augmenter(cfg, SR, 10);
        float[] ones = new float[30 * SR];
        java.util.Arrays.fill(ones, 1f);
        for (int seed = 0; seed < 50; seed++) {
            float[] v = a.crop(ones, new SplittableRandom(seed));
            int nonZero = 0;
            for (float x : v) {
                nonZero += x != 0 ? 1 : 0;
            }
            assertTrue(nonZero >= 5 * SR - 1 && nonZero <= 10 * SR, "kept " + nonZero);
        }
    }

    @Test
    void gainStaysWithinBoundsAndNoiseHitsTheSnr() {
        Augmenter gainOnly = new Augmenter(new AugmentConfig(10, 10, 2, 25, 35, 0, 0.1, 0, 0), SR, 10);
        Augmenter noiseOnly = new Augmenter(new AugmentConfig(10, 10, 0, 30, 30, 1, 0.1, 0, 0), SR, 10);
        float[] chunk = sine(10 * SR, 50);
        for (int seed = 0; seed < 20; seed++) {
            float[] g = gainOnly.view(chunk, null, new SplittableRandom(seed));
            double ratioDb = 20 * Math.log10(rms(g) / rms(chunk));
            assertTrue(Math.abs(ratioDb) <= 2.0001, "gain " + ratioDb);
            float[] n = noiseOnly.view(chunk, null, new SplittableRandom(seed));
            float[] noise = new float[n.length];
            for (int i = 0; i < n.length; i++) {
                noise[i] = n[i] - chunk[i];
            }
            double snr = 20 * Math.log10(rms(chunk) / rms(noise));
            assertEquals(30, snr, 0.5);
        }
    }

    @Test
    void betaSamplesAreInUnitIntervalWithMeanHalf() {
        SplittableRandom r = new SplittableRandom(1);
        double s = 0;
        for (int i = 0; i < 20000; i++) {
            double b = Augmenter.beta(0.1, r);
            assertTrue(b >= 0 && b <= 1);
            s += b;
        }
        assertEquals(0.5, s / 20000, 0.02);
    }

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }
}
