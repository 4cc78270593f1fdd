package org.musicrec.describe;

/**
 * The K-weighting filter of ITU-R BS.1770-4 (Annex 1, "K-frequency weighting"): a high-shelf "pre-filter"
 * (+4 dB above ~1.7 kHz, the acoustic effect of the head) followed by the "RLB" high-pass (revised low-frequency
 * B-curve, ~38 Hz), designed for any sample rate.
 *
 * <p>BS.1770-4 tables 1 and 2 give the coefficients at 48 kHz only. Here both biquads come from their analog
 * prototypes through the bilinear transform with the centre frequency pre-warped, using the prototype
 * parameters that libebur128 fitted to the 48 kHz tables ({@code ebur128_init_filter}, J. Kokemüller,
 * github.com/jiixyj/libebur128; FFmpeg 5's {@code ebur128} filter uses the same design at the input's rate, older
 * FFmpeg resampled to 48 kHz): at 48 kHz the design reproduces all 14 printed digits of the tables. At 16 kHz the
 * response stays within 0.065 dB of the 48 kHz standard's below 8 kHz (−0.046 dB at 1 kHz, +0.061 dB at 3 kHz).
 *
 * <p>One deliberate difference from libebur128 and FFmpeg: the standard's RLB numerator is (1, −2, 1)
 * unnormalised, so at 48 kHz its pass band has a gain of a0 = 1 + K/Q + K² (+0.043 dB), which the standard's
 * −0.691 dB constant absorbs. libebur128 keeps (1, −2, 1) at every rate, so its pass-band gain grows as the rate
 * falls (+0.129 dB at 16 kHz, i.e. 0.086 dB more than the standard). Here the numerator is scaled so the pass band
 * keeps the 48 kHz gain at every rate: a 16 kHz cache then reads what the standard's 48 kHz meter reads.
 *
 * <p>Immutable; {@link #hopEnergies} keeps its filter state on the stack, so one instance serves any thread.
 */
public final class KWeighting {
    /** Pre-filter (high shelf) prototype: centre frequency in Hz, gain in dB, Q, and Vb = Vh^VB_EXPONENT. */
    static final double SHELF_F0 = 1681.974450955533;
    static final double SHELF_GAIN_DB = 3.999843853973347;
    static final double SHELF_Q = 0.7071752369554196;
    static final double SHELF_VB_EXPONENT = 0.4996667741545416;
    /** RLB high-pass prototype: corner frequency in Hz and Q. */
    static final double RLB_F0 = 38.13547087602444;
    static final double RLB_Q = 0.5003270373238773;
    /** The rate at which BS.1770-4 publishes the coefficients. */
    static final int REFERENCE_RATE = 48_000;
    /**
     * Filter state below this magnitude is flushed to zero: far below anything that counts
     * (−500 dBFS), and it keeps a decaying tail out of the slow subnormal range during silence.
     */
    private static final double FLUSH = 1e-25;

    /**
     * One second-order section, y[n] = b0·x[n] + b1·x[n−1] + b2·x[n−2] − a1·y[n−1] − a2·y[n−2] (a0 = 1).
     */
    public record Biquad(double b0, double b1, double b2, double a1, double a2) {
        /** |H(e^{jω})|² at {@code freqHz} for a filter run at {@code sampleRate}. */
        public double powerGain(double freqHz, double sampleRate) {
            double w = 2 * Math.PI * freqHz / sampleRate;
            double c1 = Math.cos(w);
            double s1 = Math.sin(w);
            double c2 = Math.cos(2 * w);
            double s2 = Math.sin(2 * w);
            double nr = b0 + b1 * c1 + b2 * c2;
            double ni = -(b1 * s1 + b2 * s2);
            double dr = 1 + a1 * c1 + a2 * c2;
            double di = -(a1 * s1 + a2 * s2);
            return (nr * nr + ni * ni) / (dr * dr + di * di);
        }
    }

    private final int sampleRate;
    private final Biquad shelf;
    private final Biquad highPass;

    private KWeighting(int sampleRate, Biquad shelf, Biquad highPass) {
        this.sampleRate = sampleRate;
        this.shelf = shelf;
        this.highPass = highPass;
    }

    /** The K-weighting filter for {@code sampleRate} Hz. */
    public static KWeighting design(int sampleRate) {
        // Pre-warping keeps the corner frequencies; both must stay below Nyquist.
        if (sampleRate <= 2 * SHELF_F0) {
            throw new IllegalArgumentException("K-weighting needs a sample rate above " + (int) Math.ceil(2 * SHELF_F0)
                    + " Hz, got " + sampleRate);
        }
        return new KWeighting(sampleRate, shelf(sampleRate), highPass(sampleRate));
    }

    /** High shelf: H(s) = (Vh·s² + Vb·(ω0/Q)·s + ω0²) / (s² + (ω0/Q)·s + ω0²), bilinear with K = tan(π·f0/fs). */
    private static Biquad shelf(int rate) {
        double k = Math.tan(Math.PI * SHELF_F0 / rate);
        double vh = Math.pow(10.0, SHELF_GAIN_DB / 20.0);
        double vb = Math.pow(vh, SHELF_VB_EXPONENT);
        double a0 = 1 + k / SHELF_Q + k * k;
        return new Biquad(
                (vh + vb * k / SHELF_Q + k * k) / a0,
                2 * (k * k - vh) / a0,
                (vh - vb * k / SHELF_Q + k * k) / a0,
                2 * (k * k - 1) / a0,
                (1 - k / SHELF_Q + k * k) / a0);
    }

    /** RLB high-pass: denominator from the prototype, numerator (1, −2, 1) at the 48 kHz pass-band gain. */
    private static Biquad highPass(int rate) {
        double k = Math.tan(Math.PI * RLB_F0 / rate);
        double a0 = 1 + k / RLB_Q + k * k;
        double g = rlbA0(REFERENCE_RATE) / a0;
        return new Biquad(g, -2 * g, g, 2 * (k * k - 1) / a0, (1 - k / RLB_Q + k * k) / a0);
    }

    private static double rlbA0(int rate) {
        double k = Math.tan(Math.PI * RLB_F0 / rate);
        return 1 + k / RLB_Q + k * k;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Stage 1 of BS.1770-4, the pre-filter (table 1 at 48 kHz). */
    public Biquad shelf() {
        return shelf;
    }

    /** Stage 2 of BS.1770-4, the RLB high-pass (table 2 at 48 kHz). */
    public Biquad highPass() {
        return highPass;
    }

    /** Power gain of the whole K-weighting at {@code freqHz}. */
    public double powerGain(double freqHz) {
        return shelf.powerGain(freqHz, sampleRate) * highPass.powerGain(freqHz, sampleRate);
    }

    /**
     * K-weights {@code x} (filters starting at rest, as at the start of a file) and returns the sum of squares of
     * the output over each complete hop of {@code hop} samples; a trailing partial hop is dropped. Filtering and
     * summing are fused so no filtered copy of the signal is ever stored.
     */
    public double[] hopEnergies(float[] x, int hop) {
        if (hop < 1) {
            throw new IllegalArgumentException("hop must be >= 1, got " + hop);
        }
        int hops = x.length / hop;
        double[] out = new double[hops];
        double sb0 = shelf.b0(), sb1 = shelf.b1(), sb2 = shelf.b2(), sa1 = shelf.a1(), sa2 = shelf.a2();
        double hb0 = highPass.b0(), hb1 = highPass.b1(), hb2 = highPass.b2(), ha1 = highPass.a1(), ha2 = highPass.a2();
        // Direct form I, with the newest output's term added last: the only dependency from one sample to the
        // next is then one multiply and one add per section (transposed form II has three operations in it),
        // which is what bounds the loop's speed. In double precision either form is exact enough.
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
        int i = 0;
        for (int j = 0; j < hops; j++) {
            double sum = 0;
            for (int end = i + hop; i < end; i++) {
                double in = x[i];
                double y = (sb0 * in + sb1 * x1 + sb2 * x2 - sa2 * y2) - sa1 * y1;
                double z = (hb0 * y + hb1 * y1 + hb2 * y2 - ha2 * z2) - ha1 * z1;
                x2 = x1;
                x1 = in;
                y2 = y1;
                y1 = y;
                z2 = z1;
                z1 = z;
                sum += z * z;
            }
            out[j] = sum;
            if (Math.abs(y1) + Math.abs(y2) + Math.abs(z1) + Math.abs(z2) < FLUSH) {
                y1 = y2 = z1 = z2 = 0;
            }
        }
        return out;
    }
}
