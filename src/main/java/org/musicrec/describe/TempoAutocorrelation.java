package org.musicrec.describe;

import java.util.Optional;

/**
 * Autocorrelation of a song's onset envelopes, per accent band, pooled over its chunks, then averaged over the
 * bands ({@link #of}): each chunk's envelope is high-passed (Ellis 2007, §3.1: a one-pole DC blocker with a
 * 0.4 Hz corner, so the envelope is locally zero-mean and lag products measure co-occurring onsets rather than loudness) and smoothed by a Gaussian of one frame's
 * standard deviation (an onset is only known to a frame: without it a beat period that falls between two
 * lags, e.g. 23.4 frames at 160 BPM, splits its peak in two halves), lag products are summed within each chunk
 * (never across two chunks, which are separate excerpts) and over chunks, divided by how many products
 * each lag has (unbiased, so slow lags are not penalised by the finite chunk) and normalised by lag 0.
 * So {@code rho[k]} is the mean over bands of the correlation between a band's envelope and itself k frames
 * later, in [-1, 1] up to estimation noise, and {@code rho[0] = 1}. The significance test of
 * {@link TempoEstimator} is calibrated for one envelope; the mean of four partly independent bands varies
 * less by chance, so the test is, if anything, stricter than stated.
 *
 * @param rho       correlation at lags 0 … maxLag frames
 * @param products  lag-0 products of one band, i.e. envelope frames that went in
 * @param frameRate envelope frames per second
 */
record TempoAutocorrelation(double[] rho, long products, double frameRate) {
    /** Ellis's corner frequency, 24 per minute: below the slowest beat (30 BPM), above slow level drifts. */
    static final double HIGH_PASS_HZ = 0.4;
    /** Gaussian of σ = 1 frame, cut at ±3 σ: a lag half a frame off the period then keeps 94 % of the peak. */
    private static final double[] SMOOTH = {0.0044, 0.0540, 0.2420, 0.3991, 0.2420, 0.0540, 0.0044};

    TempoAutocorrelation {
        rho = rho.clone();
    }

    /**
     * The mean, over the accent bands that carry energy, of each band's own ρ (Klapuri, Eronen &amp; Astola 2006,
     * "Analysis of the meter of acoustic musical signals", IEEE TASLP 14(1), §II-B: periodicity is analysed per
     * accent band and the bands summed). Each band counts alike however many onsets it holds, so the beat that
     * a bass or kick keeps on every quarter weighs as much as a cymbal's accents on every other one: pooled into
     * one envelope first, the cymbal would decide, and many a samba or fast rock song would come out at half its
     * tempo (fast swing still does: its ride and its walking bass both repeat more strongly every two beats).
     * Empty when no band carries energy at all (silence, a constant tone, a DC offset).
     */
    static Optional<TempoAutocorrelation> of(OnsetEnvelope env, int maxLag) {
        return of(env.accentBands(), env.frameRate(), maxLag);
    }

    /** ρ of the whole envelope, all mel bands in one (what pulse clarity reads). */
    static Optional<TempoAutocorrelation> ofWhole(OnsetEnvelope env, int maxLag) {
        return of(new float[][][] {env.chunks()}, env.frameRate(), maxLag);
    }

    /** The mean of each band's ρ, over the bands that carry energy; bands are [band][chunk][frame]. */
    private static Optional<TempoAutocorrelation> of(float[][][] bandChunks, double frameRate, int maxLag) {
        double pole = Math.exp(-2 * Math.PI * HIGH_PASS_HZ / frameRate);
        double[] mean = new double[maxLag + 1];
        long products = 0;
        int bands = 0;
        for (float[][] band : bandChunks) {
            Optional<double[]> rho = rho(band, pole, maxLag);
            if (rho.isPresent()) {
                bands++;
                for (int k = 0; k <= maxLag; k++) {
                    mean[k] += rho.get()[k];
                }
            }
            products = Math.max(products, frames(band));
        }
        if (bands == 0) {
            return Optional.empty();
        }
        for (int k = 0; k <= maxLag; k++) {
            mean[k] /= bands;
        }
        return Optional.of(new TempoAutocorrelation(mean, products, frameRate));
    }

    /** ρ of one band's chunk envelopes, pooled over chunks; empty when the band has no energy. */
    private static Optional<double[]> rho(float[][] chunks, double pole, int maxLag) {
        double[] sum = new double[maxLag + 1];
        long[] count = new long[maxLag + 1];
        for (float[] e : chunks) {
            double[] y = smooth(highPass(e, pole));
            int n = y.length;
            for (int k = 0; k <= maxLag && k < n; k++) {
                double s = 0;
                for (int t = k; t < n; t++) {
                    s += y[t] * y[t - k];
                }
                sum[k] += s;
                count[k] += n - k;
            }
        }
        if (count[0] == 0 || !(sum[0] > 0)) {
            return Optional.empty();
        }
        double zero = sum[0] / count[0];
        double[] rho = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            rho[k] = count[k] == 0 ? 0 : sum[k] / count[k] / zero;
        }
        return Optional.of(rho);
    }

    private static long frames(float[][] chunks) {
        long n = 0;
        for (float[] c : chunks) {
            n += c.length;
        }
        return n;
    }

    /**
     * y[n] = x[n] - x[n-1] + pole · y[n-1] (Ellis: {@code filter([1 -1], [1 -.99])} at 250 frames/s), started
     * as if the chunk had always been at its mean: started from 0 instead, the filter would ring for a second
     * after the step to the envelope's level, and that ringing correlates with itself at every short lag.
     */
    static double[] highPass(float[] x, double pole) {
        double[] y = new double[x.length];
        double prevX = 0;
        for (float v : x) {
            prevX += v;
        }
        prevX = x.length > 0 ? prevX / x.length : 0;
        double prevY = 0;
        for (int n = 0; n < x.length; n++) {
            prevY = x[n] - prevX + pole * prevY;
            prevX = x[n];
            y[n] = prevY;
        }
        return y;
    }

    /** Convolution with {@link #SMOOTH}, same length, zero outside the chunk. */
    static double[] smooth(double[] x) {
        int h = SMOOTH.length / 2;
        double[] y = new double[x.length];
        for (int n = 0; n < x.length; n++) {
            double s = 0;
            for (int j = -h; j <= h; j++) {
                int i = n + j;
                if (i >= 0 && i < x.length) {
                    s += SMOOTH[j + h] * x[i];
                }
            }
            y[n] = s;
        }
        return y;
    }
}
