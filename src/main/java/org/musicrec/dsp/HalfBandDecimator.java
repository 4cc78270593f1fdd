package org.musicrec.dsp;

/**
 * Halves the sample rate: zero-phase Kaiser-windowed-sinc low-pass (cut-off at the new Nyquist),
 * then keeps every second sample, {@code y[m] = sum_j h[j] x[2m + j]}, x taken as zero outside the clip.
 * The caller truncates the output to ceil(n / 2) samples, as librosa's {@code resample} does. DC gain
 * 1 (amplitude preserving; the CQT kernels carry librosa's sqrt(L) scale themselves, so soxr's
 * {@code scale=True} is not copied).
 *
 * <p>Replaces librosa's soxr_hq resampler between octaves. The CQT only needs the band under the
 * octave's top kernel, up to about 0.55 of the new Nyquist, and aliases must not land there: so the
 * pass band is flat to 0.84 of the new Nyquist and everything above 1.16 is 80 dB down (65 taps,
 * Kaiser beta 7.9); what aliases folds onto 0.84-1.0 of the new Nyquist, outside every bin's main lobe.
 * Against librosa (soxr_hq) the multirate CQT stays within 0.5 % on every reference signal and octave
 * (CqtReferenceTest prints the figures).
 *
 * <p>Applied as a block-Toeplitz {@link FrameGemm}: GEMM row r reads input columns from {@link #STRIDE}*r
 * and yields {@link #BLOCK} outputs. Output c reads input column 2c + j + J: the caller lays out its
 * buffers so that this is the right alignment ({@link MultirateCqt}).
 */
final class HalfBandDecimator {
    /** Half length J: 2J+1 taps. */
    static final int HALF_LENGTH = 32;
    /** Kaiser's beta for 80 dB stop-band attenuation: 0.1102 * (80 - 8.7). */
    static final double KAISER_BETA = 0.1102 * (80 - 8.7);
    /** Output samples per GEMM row. */
    static final int BLOCK = 32;
    /** Input samples per GEMM row. */
    static final int STRIDE = 2 * BLOCK;

    private final FrameGemm gemm;

    HalfBandDecimator() {
        double[] h = design(HALF_LENGTH, KAISER_BETA);
        int width = 2 * (BLOCK - 1) + 2 * HALF_LENGTH + 1;
        float[] taps = new float[width * BLOCK];
        for (int o = 0; o < BLOCK; o++) {
            for (int j = -HALF_LENGTH; j <= HALF_LENGTH; j++) {
                taps[(2 * o + j + HALF_LENGTH) * BLOCK + o] = (float) h[j + HALF_LENGTH];
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

    FrameGemm gemm() {
        return gemm;
    }
}
