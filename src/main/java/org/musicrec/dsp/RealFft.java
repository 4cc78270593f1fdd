package org.musicrec.dsp;

/**
 * Power spectrum of a real frame of length n (a power of two) by one n/2-point complex FFT: the
 * even and odd samples become the real and imaginary parts, and the two half-spectra are split
 * apart afterwards (the standard "two for one" packing; e.g. Press et al., Numerical Recipes §12.3).
 * Twiddles and the bit-reversal permutation are precomputed. One instance per thread: it keeps work arrays.
 */
public final class RealFft {
    private final int n;
    private final int half;
    private final int[] bitReverse;
    private final double[] cos;
    private final double[] sin;
    private final double[] splitCos;
    private final double[] splitSin;
    private final double[] re;
    private final double[] im;

    public RealFft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 4, got " + n);
        }
        this.n = n;
        this.half = n / 2;
        int bits = Integer.numberOfTrailingZeros(half);
        bitReverse = new int[half];
        for (int i = 0; i < half; i++) {
            bitReverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[half / 2 + 1];
        sin = new double[half / 2 + 1];
        for (int k = 0; k < cos.length; k++) {
            cos[k] = Math.cos(-2 * Math.PI * k / half);
            sin[k] = Math.sin(-2 * Math.PI * k / half);
        }
        splitCos = new double[half + 1];
        splitSin = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            splitCos[k] = Math.cos(-2 * Math.PI * k / n);
            splitSin[k] = Math.sin(-2 * Math.PI * k / n);
        }
        re = new double[half];
        im = new double[half];
    }

    public int size() {
        return n;
    }

    /** Bins of the one-sided spectrum: n/2 + 1 (DC … Nyquist). */
    public int bins() {
        return half + 1;
    }

    /**
     * |X[k]|² for k = 0 … n/2 of {@code frame[0..n)} (already windowed), into {@code power}.
     * Unnormalised, as numpy's {@code abs(rfft(x))**2}.
     */
    public void power(double[] frame, double[] power) {
        for (int i = 0; i < half; i++) {
            int j = bitReverse[i];
            re[j] = frame[2 * i];
            im[j] = frame[2 * i + 1];
        }
        transform();
        // Split Z = FFT(even + i·odd) into X[k] = E[k] + e^{-2πik/n} O[k].
        power[0] = sq(re[0] + im[0]);
        power[half] = sq(re[0] - im[0]);
        for (int k = 1; k < half; k++) {
            double zr = re[k], zi = im[k], cr = re[half - k], ci = -im[half - k];   // conj(Z[n/2-k])
            double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
            double or = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
            double tr = splitCos[k] * or - splitSin[k] * oi;
            double ti = splitCos[k] * oi + splitSin[k] * or;
            power[k] = sq(er + tr) + sq(ei + ti);
        }
    }

    /** In-place iterative radix-2 decimation-in-time FFT of (re, im), input already bit-reversed. */
    private void transform() {
        for (int size = 2; size <= half; size <<= 1) {
            int step = half / size;
            int h = size / 2;
            for (int start = 0; start < half; start += size) {
                for (int k = 0; k < h; k++) {
                    int t = k * step;
                    double wr = cos[t], wi = sin[t];   // t < half/2: the table's range
                    int a = start + k, b = a + h;
                    double xr = wr * re[b] - wi * im[b];
                    double xi = wr * im[b] + wi * re[b];
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    private static double sq(double x) {
        return x * x;
    }
}
