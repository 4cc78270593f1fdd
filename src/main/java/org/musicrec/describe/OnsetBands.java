package org.musicrec.describe;

/**
 * Triangular mel filters over the bins of a power spectrum: the frequency bands whose log-power changes
 * make the onset envelope. Slaney's mel scale (linear below 1 kHz, logarithmic above; librosa's default,
 * {@code htk=False}), band edges evenly spaced in mel from 0 Hz to Nyquist, peak weight 1. The filters are
 * not area-normalised: the envelope differences log-powers, so a constant gain per band cancels.
 * Immutable.
 */
final class OnsetBands {
    /** Linear part of Slaney's scale: Hz per mel below 1 kHz. */
    private static final double HZ_PER_MEL = 200.0 / 3;
    private static final double BREAK_HZ = 1000;
    private static final double BREAK_MEL = BREAK_HZ / HZ_PER_MEL;
    /** Log part: the scale's step is a factor 6.4^(1/27) per mel above 1 kHz. */
    private static final double LOG_STEP = Math.log(6.4) / 27;

    /** First bin each band touches, and its weights on bins from[b] … from[b] + weights[b].length - 1. */
    private final int[] from;
    private final float[][] weights;

    /**
     * @param bands      number of filters
     * @param bins       bins of the power spectrum (frameSize / 2 + 1)
     * @param sampleRate of the signal, so bin k is at k · sampleRate / frameSize Hz
     */
    OnsetBands(int bands, int bins, int sampleRate) {
        double nyquist = sampleRate / 2.0;
        double binHz = nyquist / (bins - 1);
        double top = mel(nyquist);
        from = new int[bands];
        weights = new float[bands][];
        for (int b = 0; b < bands; b++) {
            double lo = hz(top * b / (bands + 1));
            double mid = hz(top * (b + 1) / (bands + 1));
            double hi = hz(top * (b + 2) / (bands + 1));
            int first = (int) Math.ceil(lo / binHz);
            int last = Math.min(bins - 1, (int) Math.floor(hi / binHz));
            from[b] = first;
            float[] w = new float[Math.max(0, last - first + 1)];
            for (int k = first; k <= last; k++) {
                double f = k * binHz;
                double v = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
                w[k - first] = (float) Math.max(0, v);
            }
            weights[b] = w;
        }
    }

    int bands() {
        return weights.length;
    }

    /** Band powers of one power spectrum into {@code out[0..bands)}. */
    void apply(double[] power, double[] out) {
        for (int b = 0; b < weights.length; b++) {
            float[] w = weights[b];
            int k0 = from[b];
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                s += w[i] * power[k0 + i];
            }
            out[b] = s;
        }
    }

    static double mel(double hz) {
        return hz < BREAK_HZ ? hz / HZ_PER_MEL : BREAK_MEL + Math.log(hz / BREAK_HZ) / LOG_STEP;
    }

    static double hz(double mel) {
        return mel < BREAK_MEL ? mel * HZ_PER_MEL : BREAK_HZ * Math.exp(LOG_STEP * (mel - BREAK_MEL));
    }
}
