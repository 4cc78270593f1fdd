package org.musicrec.dsp;

/**
 * Time-domain CQT kernels for a contiguous range of bins, sampled on one grid, laid out as the columns
 * of a tap matrix aligned on the frame centre. Pure Java (no ND4J, no I/O).
 *
 * <p>Each kernel is librosa 0.11's {@code filters.wavelet} for its octave: librosa computes octave i
 * (counted from the top) at the rate sr / 2^level with level = min(i, halvings of the hop) (the
 * multirate scheme of Schörkhuber &amp; Klapuri 2010, {@code constantq.vqt}). There the kernel has
 * n = len(arange(floor(-L/2), floor(L/2))) taps, L = Q * rate / f, a periodic Hann window of n taps
 * times exp(i 2 pi f t), normalised to unit L1 norm ({@code norm=1}), then multiplied by sqrt(L_full)
 * (librosa's {@code scale=True}; L_full is the length at the original rate). A unit sine on a bin
 * centre gives |C| = sqrt(L_full) / 2.
 *
 * <p>Alignment: librosa evaluates {@code fft_basis . stft(y)}, a convolution with the pad-centred
 * kernel, so tap q (0 &lt;= q &lt; n) acts on the sample ceil(n/2) - q octave-rate samples after the frame
 * centre. The window's duration (n octave-rate samples, rounded up from L) and its centre offset are
 * part of librosa's result: for noise and music, putting the low kernels on a full-rate grid without
 * them costs 1.2-1.4 % relative error against librosa. So this class describes every kernel as that
 * continuous window and samples it on the grid asked for: the octave's own rate for the multirate
 * form ({@code gridLevel == level}, identical to librosa's taps), or the full rate for the direct form
 * ({@code gridLevel == 0}). Row u of {@link #taps} multiplies the grid sample {@code t*hop + u - jLo}.
 *
 * @param firstBin first bin (lowest frequency) of the bank
 * @param count    number of bins
 * @param jLo      grid samples before the frame centre covered by the widest kernel
 * @param width    rows of the tap matrix (jLo + grid samples after the centre + 1)
 * @param taps     width x (2*count), row-major: columns [0, count) real parts, [count, 2count) imaginary
 */
record KernelBank(int firstBin, int count, int jLo, int width, float[] taps) {

    /**
     * Kernels of bins [firstBin, firstBin + count) sampled every 2^gridLevel full-rate samples.
     * Each bin's window comes from its octave's level ({@link CqtParams#level}); gridLevel must not
     * exceed it.
     */
    static KernelBank build(CqtParams p, int firstBin, int count, int gridLevel) {
        double[][] re = new double[count][];
        double[][] im = new double[count][];
        int[] lo = new int[count];
        int jLo = 0;
        int jHi = 0;
        for (int i = 0; i < count; i++) {
            int k = firstBin + i;
            int level = p.level(k);
            if (gridLevel > level) {
                throw new IllegalArgumentException("grid level " + gridLevel + " above bin " + k + "'s level " + level);
            }
            double f = p.frequency(k);
            double rate = p.sampleRate() / (double) (1 << level);
            double len = p.q() * rate / f;
            int n = (int) ((long) Math.floor(len / 2) - (long) Math.floor(-len / 2));   // numpy arange length
            int centre = (n + 1) / 2;                                                  // ceil(n / 2)
            int r = 1 << (level - gridLevel);          // grid samples per octave-rate sample
            // Grid offsets j with window position q = centre - j / r strictly inside (0, n): the end taps are 0.
            int jMin = (centre - n) * r + 1;
            int jMax = centre * r - 1;
            int taps = jMax - jMin + 1;
            double[] rr = new double[taps];
            double[] mm = new double[taps];
            double l1 = 0;
            double gridStep = (double) (1 << gridLevel) / p.sampleRate();   // seconds per grid sample
            for (int v = 0; v < taps; v++) {
                int j = jMin + v;
                double q = centre - j / (double) r;
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * q / n);   // scipy hann, fftbins=True
                // Time-reversed (correlation) form: exp(-i 2 pi f t); for real input |C| is the same.
                double ph = -2 * Math.PI * f * j * gridStep;
                rr[v] = w * Math.cos(ph);
                mm[v] = w * Math.sin(ph);
                l1 += w;                                                  // |w e^{i ph}| = w
            }
            double scale = Math.sqrt(p.kernelLength(k)) / l1;
            for (int v = 0; v < taps; v++) {
                rr[v] *= scale;
                mm[v] *= scale;
            }
            lo[i] = -jMin;
            re[i] = rr;
            im[i] = mm;
            jLo = Math.max(jLo, -jMin);
            jHi = Math.max(jHi, jMax);
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
