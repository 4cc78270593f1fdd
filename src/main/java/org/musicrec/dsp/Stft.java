package org.musicrec.dsp;

/**
 * Short-time power spectra of a mono signal: Hann-windowed frames of {@code frameSize} samples every
 * {@code hop} samples, frame t covering samples [t·hop, t·hop + frameSize); a signal shorter than one
 * frame gives one zero-padded frame, an empty one none. Power is {@code |rfft|²} of the windowed frame,
 * unnormalised. Not thread-safe (one {@link RealFft} with its work arrays per instance).
 */
public final class Stft {
    private final int frameSize;
    private final int hop;
    private final double[] window;
    private final RealFft fft;

    public Stft(int frameSize, int hop) {
        if (hop < 1) {
            throw new IllegalArgumentException("hop must be >= 1, got " + hop);
        }
        this.fft = new RealFft(frameSize);
        this.frameSize = frameSize;
        this.hop = hop;
        this.window = new double[frameSize];
        for (int i = 0; i < frameSize; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / frameSize);   // periodic Hann, as scipy's get_window
        }
    }

    public int frameSize() {
        return frameSize;
    }

    public int hop() {
        return hop;
    }

    public int bins() {
        return fft.bins();
    }

    /** Centre frequency of bin k in Hz. */
    public double binHz(int k, int sampleRate) {
        return (double) k * sampleRate / frameSize;
    }

    /** Number of frames of a signal of {@code length} samples. */
    public int frames(int length) {
        if (length <= 0) {
            return 0;
        }
        return length < frameSize ? 1 : 1 + (length - frameSize) / hop;
    }

    /** Power spectrogram of {@code x[0..length)}: [frame][bin], bins 0 … frameSize/2. */
    public float[][] power(float[] x, int length) {
        int frames = frames(length);
        float[][] out = new float[frames][fft.bins()];
        double[] frame = new double[frameSize];
        double[] p = new double[fft.bins()];
        for (int t = 0; t < frames; t++) {
            int start = t * hop;
            for (int i = 0; i < frameSize; i++) {
                int at = start + i;
                frame[i] = at < length ? x[at] * window[i] : 0;
            }
            fft.power(frame, p);
            for (int k = 0; k < p.length; k++) {
                out[t][k] = (float) p[k];
            }
        }
        return out;
    }
}
