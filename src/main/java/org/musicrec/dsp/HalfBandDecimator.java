package org.musicrec.dsp;

/**
 * Halves the sample rate: zero-phase Kaiser-windowed-sinc low-pass (cut-off at the new Nyquist),
 * then keeps every second sample, {@code y[m] = sum_j h[j] x[2m + j]}, x taken as zero outside the clip.
 * Output length ceil(n / 2), as librosa's {@code resample}. DC gain 1 (amplitude preserving; the CQT
 * kernels carry librosa's sqrt(L) scale themselves, so soxr's {@code scale=True} is not copied).
 *
 * <p>Replaces librosa's soxr_hq resampler between octaves. 125 taps with Kaiser beta 10: stop band
 * about -100 dB, flat pass band to about 0.9 of the new Nyquist, transition 0.9-1.1; only the region
 * above 0.9 aliases, and it folds onto 0.9-1.0 of the new Nyquist, above every bin of the octave (the
 * top bin's main lobe ends near 0.55). Measured against librosa (soxr_hq), the whole multirate CQT
 * stays within 0.5 % on every reference signal and in every octave (CqtReferenceTest prints it).
 *
 * <p>Applied as a block-Toeplitz {@link FrameGemm}: each GEMM row turns 2*{@link #BLOCK} input samples
 * into {@link #BLOCK} outputs, reading the padded signal where sample s sits at column pad + s.
 */
final class HalfBandDecimator {
    /** Half length J: 2J+1 taps. */
    static final int HALF_LENGTH = 62;
    static final double KAISER_BETA = 10.0;
    /** Output samples per GEMM row. */
    static final int BLOCK = 64;
    /** Input samples per GEMM row. */
    static final int STRIDE = 2 * BLOCK;

    private final double[] h;
    private final FrameGemm gemm;
    private final int pad;

    /** @param pad zeros the caller's buffers hold before the first sample; at least {@link #HALF_LENGTH} */
    HalfBandDecimator(int pad) {
        if (pad < HALF_LENGTH) {
            throw new IllegalArgumentException("pad " + pad + " < " + HALF_LENGTH);
        }
        this.pad = pad;
        this.h = design(HALF_LENGTH, KAISER_BETA);
        int width = 2 * BLOCK + HALF_LENGTH + pad - 1;
        float[] taps = new float[width * BLOCK];
        // Output o of row r is sample m = r*BLOCK + o; it reads column 2m + j + pad = STRIDE*r + u.
        for (int o = 0; o < BLOCK; o++) {
            for (int j = -HALF_LENGTH; j <= HALF_LENGTH; j++) {
                taps[(2 * o + j + pad) * BLOCK + o] = (float) h[j + HALF_LENGTH];
            }
        }
        this.gemm = new FrameGemm(taps, width, BLOCK, STRIDE);
    }

    /** Windowed-sinc half-band low-pass, taps h[-J..J] stored from index 0, normalised to DC gain 1. */
    static double[] design(int halfLength, double beta) {
        double[] h = new double[2 * halfLength + 1];
        double sum = 0;
        double i0b = besselI0(beta);
        for (int j = -halfLength; j <= halfLength; j++) {
            double x = j / 2.0;                                   // cut-off 0.25 cycles/sample
            double sinc = j == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = j / (double) halfLength;
            double w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
            h[j + halfLength] = 0.5 * sinc * w;
            sum += h[j + halfLength];
        }
        for (int i = 0; i < h.length; i++) {
            h[i] /= sum;
        }
        return h;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 60; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }

    static int outputLength(int n) {
        return (n + 1) / 2;
    }

    /** Row length (multiple of {@link #STRIDE}) a padded buffer needs so all outputs of n inputs are made. */
    int minRowLength(int n) {
        int rows = (outputLength(n) + BLOCK - 1) / BLOCK;
        return (rows + gemm.chunks() - 1) * STRIDE;
    }

    int pad() {
        return pad;
    }

    FrameGemm gemm() {
        return gemm;
    }
}
