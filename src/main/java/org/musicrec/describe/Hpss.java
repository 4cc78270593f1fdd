package org.musicrec.describe;

import java.util.Arrays;

/**
 * Harmonic/percussive separation by median filtering (Fitzgerald 2010, "Harmonic/percussive separation
 * using median filtering", DAFx-10): in a magnitude spectrogram, sustained tones are horizontal lines and
 * drum hits vertical ones, so a median across time keeps the first and a median across frequency the
 * second. Soft (Wiener) masks H²/(H² + P²) split each cell's power between the two. The caller's frames are
 * 64 ms apart here (Fitzgerald's 23 ms × 17 frames ≈ 0.4 s), so the time median spans {@value #TIME_LENGTH}
 * frames (0.58 s) and the frequency median {@value #FREQUENCY_LENGTH} bins, the paper's length. Medians are
 * kept in a sorted sliding window (one insertion and one removal per step) rather than sorted anew.
 */
final class Hpss {
    static final int TIME_LENGTH = 9, FREQUENCY_LENGTH = 17;

    private Hpss() {
    }

    /**
     * Harmonic and total power of a magnitude spectrogram [frame][bin].
     *
     * @return {harmonic power, total power}
     */
    static double[] harmonicAndTotal(float[][] magnitude) {
        int frames = magnitude.length, bins = frames == 0 ? 0 : magnitude[0].length;
        float[][] alongTime = new float[frames][bins];
        float[] column = new float[frames], out = new float[Math.max(frames, bins)];
        for (int k = 0; k < bins; k++) {
            for (int t = 0; t < frames; t++) {
                column[t] = magnitude[t][k];
            }
            slidingMedian(column, frames, TIME_LENGTH, out);
            for (int t = 0; t < frames; t++) {
                alongTime[t][k] = out[t];
            }
        }
        double harmonic = 0, total = 0;
        for (int t = 0; t < frames; t++) {
            slidingMedian(magnitude[t], bins, FREQUENCY_LENGTH, out);
            for (int k = 0; k < bins; k++) {
                double h = alongTime[t][k], p = out[k], m = magnitude[t][k];
                double power = m * m, h2 = h * h, p2 = p * p;
                total += power;
                harmonic += h2 + p2 > 0 ? power * h2 / (h2 + p2) : power / 2;
            }
        }
        return new double[] {harmonic, total};
    }

    /**
     * out[i] = median of x[i − L/2 … i + L/2] ∩ [0, n): windows are cut at the ends, an even count takes the
     * mean of the middle two.
     */
    static void slidingMedian(float[] x, int n, int length, float[] out) {
        int half = length / 2;
        float[] window = new float[length];
        int size = 0;
        for (int i = 0; i < Math.min(n, half); i++) {
            size = insert(window, size, x[i]);
        }
        for (int i = 0; i < n; i++) {
            int enter = i + half, leave = i - half - 1;
            if (leave >= 0) {
                size = remove(window, size, x[leave]);
            }
            if (enter < n) {
                size = insert(window, size, x[enter]);
            }
            out[i] = size % 2 == 1 ? window[size / 2] : 0.5f * (window[size / 2 - 1] + window[size / 2]);
        }
    }

    private static int insert(float[] w, int size, float v) {
        int at = Arrays.binarySearch(w, 0, size, v);
        at = at < 0 ? -at - 1 : at;
        System.arraycopy(w, at, w, at + 1, size - at);
        w[at] = v;
        return size + 1;
    }

    private static int remove(float[] w, int size, float v) {
        int at = Arrays.binarySearch(w, 0, size, v);
        System.arraycopy(w, at + 1, w, at, size - at - 1);
        return size - 1;
    }
}
