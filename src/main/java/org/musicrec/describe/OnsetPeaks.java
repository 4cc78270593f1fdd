package org.musicrec.describe;

/**
 * Onsets as peaks of the onset envelope, with the peak-picking rule of Böck, Krebs &amp; Schedl 2012,
 * "Evaluating the online capabilities of onset detection methods" (ISMIR), as librosa's
 * {@code onset.onset_detect} applies it: frame n is an onset when it is the maximum of the 30 ms before it and
 * the frame after, exceeds the mean of the 100 ms before and after it by {@value #DELTA} of the envelope's
 * scale, and
 * comes at least {@value #WAIT_SECONDS} s after the previous onset. Each chunk is picked on its own.
 *
 * <p>librosa's scale is the envelope's maximum. Here it is the median, over 1.5 s blocks, of each block's
 * maximum — the typical strongest onset of a beat: the entry of sound after silence rises by up to the
 * whole 80 dB range, ten times a drum hit in a dense mix, and scaling by it would hide every other onset.
 * Immutable and thread-safe.
 */
final class OnsetPeaks {
    static final double PRE_MAX_SECONDS = 0.03;
    static final double AVG_SECONDS = 0.10;
    /** librosa's default threshold above the local mean, on the max-normalised envelope. */
    static final double DELTA = 0.07;
    /** Two onsets closer than 50 ms are heard as one (and no instrument repeats faster). */
    static final double WAIT_SECONDS = 0.05;
    /** Blocks for the scale: one beat at 40 BPM, so each block of music holds an onset. */
    static final double SCALE_BLOCK_SECONDS = 1.5;

    private OnsetPeaks() {
    }

    /** Number of onsets over all chunks of the envelope. */
    static int count(OnsetEnvelope env) {
        double fps = env.frameRate();
        double scale = scale(env, Math.max(1, (int) Math.round(SCALE_BLOCK_SECONDS * fps)));
        if (!(scale > 0)) {
            return 0;
        }
        int preMax = Math.max(1, (int) Math.round(PRE_MAX_SECONDS * fps));
        int avg = Math.max(1, (int) Math.round(AVG_SECONDS * fps));
        int wait = Math.max(1, (int) Math.round(WAIT_SECONDS * fps));
        double delta = DELTA * scale;
        int onsets = 0;
        for (float[] e : env.chunks()) {
            onsets += count(e, preMax, avg, wait, delta);
        }
        return onsets;
    }

    /** Median over blocks (of chunks, not across them) of the block's maximum, silent blocks left out; 0 if all are. */
    static double scale(OnsetEnvelope env, int block) {
        java.util.List<Float> maxima = new java.util.ArrayList<>();
        for (float[] e : env.chunks()) {
            for (int start = 0; start < e.length; start += block) {
                float m = 0;
                for (int i = start; i < Math.min(e.length, start + block); i++) {
                    m = Math.max(m, e[i]);
                }
                if (m > 0) {
                    maxima.add(m);
                }
            }
        }
        if (maxima.isEmpty()) {
            return 0;
        }
        java.util.Collections.sort(maxima);
        return maxima.get(maxima.size() / 2);
    }

    private static int count(float[] e, int preMax, int avg, int wait, double delta) {
        int n = e.length;
        // Prefix sums for the moving mean.
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + e[i];
        }
        int onsets = 0;
        int last = Integer.MIN_VALUE / 2;
        for (int t = 0; t < n; t++) {
            if (t - last < wait || e[t] <= 0) {
                continue;
            }
            boolean isMax = true;
            for (int j = Math.max(0, t - preMax); j <= Math.min(n - 1, t + 1) && isMax; j++) {
                isMax = e[j] <= e[t];
            }
            if (!isMax) {
                continue;
            }
            int a = Math.max(0, t - avg);
            int b = Math.min(n, t + avg + 1);
            double mean = (prefix[b] - prefix[a]) / (b - a);
            if (e[t] >= mean + delta) {
                onsets++;
                last = t;
            }
        }
        return onsets;
    }
}
