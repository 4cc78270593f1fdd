package org.musicrec.dsp;

import java.util.Locale;

/**
 * Parameters of the constant-Q transform. Immutable and validated on construction, so every
 * {@link Cqt} can trust them.
 *
 * <p>Bin k is centred on {@code fmin * 2^(k / binsPerOctave)} Hz (librosa {@code cqt_frequencies},
 * tuning 0). The relative bandwidth and Q follow librosa 0.11 ({@code filters._relative_bandwidth},
 * {@code wavelet_lengths}): alpha = (2^(2/bpo) - 1) / (2^(2/bpo) + 1), Q = 1 / alpha (filter_scale 1),
 * kernel length L_k = Q * sampleRate / f_k. For 12 bins per octave Q = 17.3316, not Brown's (1991)
 * classic 1 / (2^(1/12) - 1) = 16.8172: the reference data come from librosa.
 */
public record CqtParams(int sampleRate, int nBins, int binsPerOctave, double fmin, int hopLength,
                        Algorithm algorithm) {

    /** How the transform is computed; both give the same CQT to well under 1 %. */
    public enum Algorithm {
        /** One kernel matrix (every bin at full rate, longest kernel ~8.5 k taps) times framed audio. */
        DIRECT,
        /** Per-octave kernels on a signal halved in rate per octave (Schörkhuber &amp; Klapuri 2010). */
        MULTIRATE;

        /** Parses "direct" / "multirate" (any case), as written in configs and on the command line. */
        public static Algorithm parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("cqt.algorithm must be 'direct' or 'multirate', got '" + s + "'");
            }
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Equivalent-noise bandwidth of the Hann window in bins (librosa {@code WINDOW_BANDWIDTHS['hann']}). */
    static final double HANN_BANDWIDTH = 1.50018310546875;

    /** The project's defaults (configs/music_moco.yaml): 16 kHz, 84 bins from C1, 12/octave, hop 512. */
    public static final CqtParams DEFAULTS = new CqtParams(16000, 84, 12, 32.7, 512, Algorithm.MULTIRATE);

    public CqtParams {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("cqt sample rate must be positive, got " + sampleRate);
        }
        if (nBins <= 0) {
            throw new IllegalArgumentException("cqt.n_bins must be positive, got " + nBins);
        }
        if (binsPerOctave <= 0) {
            throw new IllegalArgumentException("cqt.bins_per_octave must be positive, got " + binsPerOctave);
        }
        if (!(fmin > 0) || Double.isInfinite(fmin)) {
            throw new IllegalArgumentException("cqt.fmin must be a positive frequency, got " + fmin);
        }
        if (hopLength <= 0) {
            throw new IllegalArgumentException("cqt.hop_length must be positive, got " + hopLength);
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("cqt.algorithm must be set");
        }
        // Same check as librosa's vqt: the top kernel's pass band must stay below Nyquist.
        double q = 1.0 / alpha(binsPerOctave);
        double fTop = fmin * Math.pow(2.0, (nBins - 1) / (double) binsPerOctave);
        double cutoff = fTop * (1 + 0.5 * HANN_BANDWIDTH / q);
        if (cutoff > sampleRate / 2.0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cqt: top bin %.1f Hz has a pass band up to %.1f Hz, above Nyquist %.1f Hz; use fewer bins or a lower fmin",
                    fTop, cutoff, sampleRate / 2.0));
        }
    }

    public CqtParams withAlgorithm(Algorithm a) {
        return new CqtParams(sampleRate, nBins, binsPerOctave, fmin, hopLength, a);
    }

    /** Relative bandwidth of equally spaced bins, librosa {@code _relative_bandwidth}. */
    static double alpha(int binsPerOctave) {
        double r2 = Math.pow(2.0, 2.0 / binsPerOctave);
        return (r2 - 1) / (r2 + 1);
    }

    /** Quality factor Q = 1 / alpha (librosa, filter_scale 1). */
    public double q() {
        return 1.0 / alpha(binsPerOctave);
    }

    /** Centre frequency of bin k in Hz. */
    public double frequency(int k) {
        return fmin * Math.pow(2.0, k / (double) binsPerOctave);
    }

    /** Kernel length of bin k at the full sample rate, in (fractional) samples: Q * sr / f_k. */
    public double kernelLength(int k) {
        return q() * sampleRate / frequency(k);
    }

    /** Number of frames for a clip of {@code samples} samples: centred frames, 1 + n / hop. */
    public int frames(int samples) {
        return 1 + samples / hopLength;
    }

    /**
     * Rate level of bin k in librosa's multirate scheme: octave i (0 = top) is computed at
     * sampleRate / 2^level with level = min(i, number of times the hop can be halved).
     */
    public int level(int k) {
        int octave = (nBins - 1 - k) / binsPerOctave;
        return Math.min(octave, Integer.numberOfTrailingZeros(hopLength));
    }

    /** Octaves the bins span, counting a partial lowest octave (librosa {@code n_octaves}). */
    public int octaves() {
        return (nBins + binsPerOctave - 1) / binsPerOctave;
    }
}
