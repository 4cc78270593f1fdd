package org.musicrec.describe;

import org.musicrec.dsp.Stft;

/**
 * Spectral shape descriptors of a song from short-time power spectra (Hann, 1024 samples = 64 ms at 16 kHz,
 * frames side by side: averages over a song need no overlap, and half the frames halve the cost), per frame and averaged over the frames above the silence gate (frame RMS above −60 dBFS):
 * centroid and 85 % rolloff of the magnitude spectrum (Peeters 2004, "A large set of audio features for sound
 * description", IRCAM; weighted by magnitude as librosa does),
 * flatness (Wiener entropy; Dubnov 2004, IEEE Signal Processing Letters 11), the share of power below
 * 150 Hz, the zero-crossing rate of the waveform, and the harmonic share after {@link Hpss} on the bins
 * below 4 kHz (where harmonics and drums overlap; above, a 16 kHz cache holds mostly cymbal noise).
 * Not thread-safe (one {@link Stft} with its work arrays).
 */
public final class SpectralAnalyzer {
    static final int FRAME = 1024, HOP = 1024;
    static final double ROLLOFF_SHARE = 0.85, LOW_END_HZ = 150, HPSS_MAX_HZ = 4000;
    /** −60 dBFS as a mean square. */
    static final double SILENCE_POWER = 1e-6;

    private final int sampleRate;
    private final Stft stft = new Stft(FRAME, HOP);

    public SpectralAnalyzer(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    public SpectralShape analyze(SongAudio audio) {
        if (audio.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("audio at " + audio.sampleRate() + " Hz, the analyser expects " + sampleRate);
        }
        int bins = stft.bins();
        int hpssBins = (int) Math.min(bins, Math.floor(HPSS_MAX_HZ * FRAME / sampleRate) + 1);
        int lowBins = (int) Math.floor(LOW_END_HZ * FRAME / sampleRate) + 1;
        double centroid = 0, rolloff = 0, flatness = 0, low = 0, all = 0, harmonic = 0, hpssTotal = 0;
        long frames = 0, crossings = 0, samples = 0;
        for (float[] chunk : audio.chunks()) {
            crossings += zeroCrossings(chunk);
            samples += chunk.length;
            if (chunk.length == 0) {
                continue;
            }
            float[][] power = stft.power(chunk, chunk.length);
            float[][] magnitudes = new float[power.length][];
            int kept = 0;
            for (int t = 0; t < power.length; t++) {
                float[] p = power[t];
                // HPSS on every frame, silent or not: the medians need the frames in their real order and spacing.
                float[] mag = new float[hpssBins];
                for (int b = 0; b < hpssBins; b++) {
                    mag[b] = (float) Math.sqrt(p[b]);
                }
                magnitudes[kept++] = mag;
                if (meanSquare(chunk, t * HOP, Math.min(chunk.length, t * HOP + FRAME)) < SILENCE_POWER) {
                    continue;
                }
                // Centroid and rolloff on the magnitude spectrum, as librosa's spectral_centroid/rolloff: weighted
                // by power, the loud kick and bass decide them and the cymbals and string sheen hardly count.
                double sum = 0, magSum = 0, weighted = 0;
                double[] m = new double[bins];
                for (int k = 0; k < bins; k++) {
                    sum += p[k];
                    m[k] = Math.sqrt(p[k]);
                    magSum += m[k];
                    weighted += m[k] * stft.binHz(k, sampleRate);
                }
                if (sum <= 0) {
                    continue;
                }
                centroid += weighted / magSum;
                double cum = 0;
                int k = 0;
                while (k < bins - 1 && (cum += m[k]) < ROLLOFF_SHARE * magSum) {
                    k++;
                }
                rolloff += stft.binHz(k, sampleRate);
                flatness += flatness(p, sum);
                for (int b = 0; b < Math.min(lowBins, bins); b++) {
                    low += p[b];
                }
                all += sum;
                frames++;
            }
            if (kept > 0) {
                double[] h = Hpss.harmonicAndTotal(java.util.Arrays.copyOf(magnitudes, kept));
                harmonic += h[0];
                hpssTotal += h[1];
            }
        }
        double zcr = samples == 0 ? 0 : crossings * (double) sampleRate / samples;
        if (frames == 0) {
            return new SpectralShape(Double.NaN, Double.NaN, Double.NaN, zcr, Double.NaN, Double.NaN);
        }
        return new SpectralShape(centroid / frames, rolloff / frames, flatness / frames, zcr,
                hpssTotal > 0 ? harmonic / hpssTotal : Double.NaN, low / all);
    }

    /** Geometric over arithmetic mean of a power spectrum (a floor keeps empty bins from making it 0). */
    private static double flatness(float[] p, double sum) {
        double logSum = 0;
        for (float v : p) {
            logSum += Math.log(v + 1e-20);
        }
        return Math.exp(logSum / p.length) / (sum / p.length);
    }

    private static long zeroCrossings(float[] x) {
        long n = 0;
        for (int i = 1; i < x.length; i++) {
            if ((x[i - 1] >= 0) != (x[i] >= 0)) {
                n++;
            }
        }
        return n;
    }

    private static double meanSquare(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return to > from ? s / (to - from) : 0;
    }
}
