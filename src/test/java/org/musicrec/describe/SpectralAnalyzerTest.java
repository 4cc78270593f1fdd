package org.musicrec.describe;

import org.junit.jupiter.api.Test;
import org.musicrec.demo.Category;
import org.musicrec.eval.RankMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectralAnalyzerTest {
    private static final int RATE = 16_000;
    private final SpectralAnalyzer spectral = new SpectralAnalyzer(RATE);

    private static SongAudio sine(double hz, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return new SongAudio(new float[][] {x}, RATE);
    }

    /** White noise through a one-pole low-pass at {@code cutoff} Hz. */
    private static SongAudio lowPassedNoise(double cutoff, long seed) {
        Random r = new Random(seed);
        float[] x = new float[5 * RATE];
        double a = Math.exp(-2 * Math.PI * cutoff / RATE), y = 0;
        for (int i = 0; i < x.length; i++) {
            y = (1 - a) * r.nextGaussian() + a * y;
            x[i] = (float) (0.5 * y);
        }
        return new SongAudio(new float[][] {x}, RATE);
    }

    @Test
    void brightnessRisesWithTheToneAndWithTheFilter() {
        double last = 0, lastRolloff = 0;
        for (double hz : new double[] {100, 250, 500, 1000, 2000, 4000}) {
            SpectralShape s = spectral.analyze(sine(hz, 3));
            assertTrue(s.centroidHz() > last, hz + " Hz: centroid " + s.centroidHz() + " after " + last);
            assertTrue(s.rolloffHz() >= lastRolloff, hz + " Hz: rolloff " + s.rolloffHz());
            assertEquals(hz, s.centroidHz(), 0.1 * hz + 20);
            last = s.centroidHz();
            lastRolloff = s.rolloffHz();
        }
        last = 0;
        for (double cutoff : new double[] {200, 500, 1000, 2000, 4000}) {
            double c = spectral.analyze(lowPassedNoise(cutoff, 3)).centroidHz();
            assertTrue(c > last, "cut-off " + cutoff + ": centroid " + c + " after " + last);
            last = c;
        }
    }

    @Test
    void theDemoSongsBrightnessIsHeardWithinEachCategory() {
        List<DemoAudio.Song> songs = DemoAudio.songs(70, 11);
        List<Double> within = new ArrayList<>(), centroids = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Category c : Category.values()) {
            List<DemoAudio.Song> in = songs.stream().filter(s -> s.plan().category() == c).toList();
            if (in.size() < 3) {
                continue;
            }
            double[] b = new double[in.size()], cen = new double[in.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = in.get(i).plan().brightness();
                cen[i] = spectral.analyze(in.get(i).audio()).centroidHz();
            }
            within.add(RankMetrics.spearman(b, cen));
            for (double v : cen) {
                centroids.add(v);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / songs.size();
        double mean = within.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("brightness vs centroid, Spearman within category: %s (mean %.2f); %.0f ms per song%n", within, mean, ms);
        assertTrue(mean > 0.5, "mean within-category Spearman " + mean);
    }

    @Test
    void harmonicShareFlatnessLowEndAndZeroCrossings() {
        float[] clicks = new float[5 * RATE];
        for (int i = 0; i < clicks.length; i += RATE / 4) {
            for (int j = 0; j < 40 && i + j < clicks.length; j++) {
                clicks[i + j] = (float) (0.8 * Math.exp(-j / 8.0) * (j % 2 == 0 ? 1 : -1));
            }
        }
        assertTrue(spectral.analyze(new SongAudio(new float[][] {clicks}, RATE)).harmonicShare() < 0.3, "clicks");
        float[] chord = new float[5 * RATE];
        for (int i = 0; i < chord.length; i++) {
            for (double f : new double[] {261.6, 329.6, 392.0}) {
                chord[i] += (float) (0.2 * Math.sin(2 * Math.PI * f * i / RATE));
            }
        }
        assertTrue(spectral.analyze(new SongAudio(new float[][] {chord}, RATE)).harmonicShare() > 0.7, "sustained chord");
        assertTrue(spectral.analyze(sine(60, 3)).lowEndShare() > 0.9);
        assertTrue(spectral.analyze(sine(2000, 3)).lowEndShare() < 0.05);
        assertTrue(spectral.analyze(lowPassedNoise(8000, 1)).flatness() > 0.5, "white noise is flat");
        assertTrue(spectral.analyze(sine(1000, 3)).flatness() < 0.05, "a tone is not");
        assertEquals(2000, spectral.analyze(sine(1000, 3)).zeroCrossingRate(), 10);
    }

    @Test
    void theSlidingMedianIsTheMedianOfEachWindow() {
        Random r = new Random(2);
        for (int n : new int[] {1, 5, 9, 40}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(7);   // ties on purpose
            }
            float[] out = new float[n];
            Hpss.slidingMedian(x, n, 9, out);
            for (int i = 0; i < n; i++) {
                float[] w = java.util.Arrays.copyOfRange(x, Math.max(0, i - 4), Math.min(n, i + 5));
                java.util.Arrays.sort(w);
                float want = w.length % 2 == 1 ? w[w.length / 2] : 0.5f * (w[w.length / 2 - 1] + w[w.length / 2]);
                assertEquals(want, out[i], 1e-6, "n " + n + " at " + i);
            }
        }
    }

    @Test
    void emptySilentShortAndOffsetAudio() {
        SpectralShape empty = spectral.analyze(new SongAudio(new float[0][], RATE));
        assertTrue(Double.isNaN(empty.centroidHz()) && empty.zeroCrossingRate() == 0);
        SpectralShape silent = spectral.analyze(new SongAudio(new float[][] {new float[RATE]}, RATE));
        assertTrue(Double.isNaN(silent.centroidHz()) && Double.isNaN(silent.harmonicShare()));
        SpectralShape shortOne = spectral.analyze(sine(440, 0.05));
        assertTrue(Double.isFinite(shortOne.centroidHz()), "one zero-padded frame: " + shortOne);
        float[] dc = new float[RATE];
        java.util.Arrays.fill(dc, 0.3f);
        SpectralShape offset = spectral.analyze(new SongAudio(new float[][] {dc}, RATE));
        assertTrue(offset.lowEndShare() > 0.9 && offset.zeroCrossingRate() == 0, offset.toString());
    }
}
