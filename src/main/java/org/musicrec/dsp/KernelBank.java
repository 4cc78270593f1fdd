package org.musicrec.dsp;

/**
 * Time-domain CQT kernels for a contiguous range of bins at one sample rate, laid out as the
 * columns of a tap matrix aligned on the frame centre. Pure Java (no ND4J, no I/O).
 *
 * <p>Each kernel is librosa 0.11's {@code filters.wavelet}: {@code n = arange(floor(-L/2), floor(L/2))},
 * a periodic Hann window of len(n) taps times exp(i 2 pi f n / rate), normalised to unit L1 norm
 * ({@code norm=1}), then multiplied by sqrt(L_full) (librosa's {@code scale=True}, where L_full is the
 * bin's length at the <em>original</em> rate; see {@code vqt}). With that scale a sine of amplitude A on
 * a bin centre gives |C| = A sqrt(L_full) / 2.
 *
 * <p>Alignment: librosa evaluates {@code fft_basis . stft(y)}, i.e. a convolution with the
 * pad-centred kernel, so tap q multiplies sample {@code t*hop + ceil(len/2) - q} of frame t. Here the
 * kernel is stored time-reversed as a correlation: row u of {@link #taps} multiplies sample
 * {@code t*hop + u - jLo}.
 *
 * @param firstBin first bin (lowest frequency) of the bank
 * @param count    number of bins
 * @param jLo      samples before the frame centre covered by the widest kernel
 * @param width    rows of the tap matrix (jLo + samples after the centre + 1)
 * @param taps     width x (2*count), row-major: columns [0, count) real parts, [count, 2count) imaginary
 */
record KernelBank(int firstBin, int count, int jLo, int width, float[] taps) {

    /**
     * Kernels of bins [firstBin, firstBin + count) sampled at {@code rate} Hz.
     * The bins' lengths and scale come from {@code p} (at {@code p.sampleRate()}).
     */
    static KernelBank build(CqtParams p, int firstBin, int count, double rate) {
        double[][] re = new double[count][];
        double[][] im = new double[count][];
        int[] lo = new int[count];
        int jLo = 0;
        int jHi = 0;
        for (int i = 0; i < count; i++) {
            int k = firstBin + i;
            double f = p.frequency(k);
            double len = p.q() * rate / f;
            long nStart = (long) Math.floor(-len / 2);   // numpy: -ilen // 2
            long nEnd = (long) Math.floor(len / 2);      // numpy: ilen // 2
            int n = (int) (nEnd - nStart);
            double[] r = new double[n];
            double[] m = new double[n];
            double l1 = 0;
            for (int q = 0; q < n; q++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * q / n);   // scipy hann, fftbins=True
                double ph = 2 * Math.PI * f * (nStart + q) / rate;
                r[q] = w * Math.cos(ph);
                m[q] = w * Math.sin(ph);
                l1 += w;                                                 // |w e^{i ph}| = w
            }
            double scale = Math.sqrt(p.kernelLength(k)) / l1;
            // Reverse: tap q sits at offset j = ceil(n/2) - q from the frame centre.
            int centre = (n + 1) / 2;
            double[] rr = new double[n];
            double[] mm = new double[n];
            for (int q = 0; q < n; q++) {
                rr[n - 1 - q] = r[q] * scale;
                mm[n - 1 - q] = m[q] * scale;
            }
            // After reversal, index v = n-1-q is at offset j = centre - (n-1-v) => first offset centre-n+1.
            lo[i] = n - 1 - centre;
            re[i] = rr;
            im[i] = mm;
            jLo = Math.max(jLo, lo[i]);
            jHi = Math.max(jHi, centre);
        }
        int width = jLo + jHi + 1;
        float[] taps = new float[width * 2 * count];
        for (int i = 0; i < count; i++) {
            int row0 = jLo - lo[i];
            for (int v = 0; v < re[i].length; v++) {
                int row = row0 + v;
                taps[row * 2 * count + i] = (float) re[i][v];
                taps[row * 2 * count + count + i] = (float) im[i][v];
            }
        }
        return new KernelBank(firstBin, count, jLo, width, taps);
    }

    /** Taps as a width x (2*count) matrix. */
    float[][] matrix() {
        float[][] m = new float[width][2 * count];
        for (int u = 0; u < width; u++) {
            System.arraycopy(taps, u * 2 * count, m[u], 0, 2 * count);
        }
        return m;
    }
}
