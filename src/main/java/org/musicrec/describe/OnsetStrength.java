package org.musicrec.describe;

import org.musicrec.dsp.RealFft;

/**
 * Onset strength envelope of each chunk: log-compressed spectral flux over mel bands, half-wave rectified
 * (Ellis 2007, "Beat Tracking by Dynamic Programming", J. New Music Research 36(1), §3.1; the same recipe
 * as librosa's {@code onset.onset_strength}). Per chunk: 32 ms Hann frames every 16 ms, 40 mel bands, power
 * in dB floored 80 dB below the song's loudest band-frame, then the mean over bands of the positive
 * frame-to-frame differences. The same rises are also averaged within {@value #ACCENT_BANDS} groups of
 * adjacent mel bands, the "accent bands" whose periodicities {@link TempoAutocorrelation} weighs equally
 * (Klapuri, Eronen &amp; Astola 2006, §II-A: nine of their 36 bands per accent band; here ten of 40). Chunks
 * are never joined: each envelope starts afresh; a chunk identical to an earlier one is left out.
 *
 * <p>Frames as {@link org.musicrec.dsp.Stft} cuts them (frame t covers samples [t·hop, t·hop + frameSize),
 * periodic Hann window), but each frame goes straight to bands and dB instead of through a stored
 * spectrogram: 7.7 MB less garbage per song. Immutable and thread-safe: each call makes its own
 * {@link RealFft} (which keeps work arrays).
 */
final class OnsetStrength {
    /** Ellis's 32 ms analysis window (256 samples at 8 kHz); rounded down to a power of two for the FFT. */
    static final double FRAME_SECONDS = 0.032;
    /** Ellis's 40 mel bands: enough to separate kick, snare and hats, few enough to average out noise. */
    static final int BANDS = 40;
    /**
     * Accent bands: the kick and bass, the low mids, the high mids and the cymbals each get one, so a pattern
     * that spreads over many mel bands (a ride cymbal's accents) cannot drown one that lives in a few (a walking
     * bass on every beat) — in a single mean over bands it would.
     */
    static final int ACCENT_BANDS = 4;
    /** Only the top 80 dB count (Ellis; librosa {@code power_to_db(top_db=80)}): no flux from dither. */
    static final double TOP_DB = 80;
    /** Power floor before the log, as librosa's {@code amin} (-100 dB re a full-scale sine's 1/4). */
    static final double AMIN = 1e-10;
    /** 10 / ln 10: dB from a natural log. */
    private static final double DB_PER_LN = 10 / Math.log(10);
    /** A block quieter than -60 dBFS RMS is silence (the usual gate, e.g. librosa {@code trim(top_db=60)}). */
    static final double SILENT_MEAN_SQUARE = 1e-6;
    /**
     * Silence is judged over blocks of one beat at 40 BPM, the slowest tempo {@link TempoEstimator} expects:
     * the gaps between a metronome's clicks are part of the rhythm, not silence.
     */
    static final double SILENCE_BLOCK_SECONDS = 1.5;

    private final int sampleRate;
    private final int frameSize;
    private final int hop;
    private final double powerScale;
    private final OnsetBands bands;
    private final double[] window;

    OnsetStrength(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        this.sampleRate = sampleRate;
        // 512 samples at 16 kHz: exactly 32 ms; hop half a frame (50 % overlap), 16 ms.
        this.frameSize = Math.max(16, Integer.highestOneBit((int) Math.round(FRAME_SECONDS * sampleRate)));
        this.hop = frameSize / 2;
        // A periodic Hann window sums to N/2: scale so power does not depend on the frame size.
        this.powerScale = 1.0 / ((frameSize / 2.0) * (frameSize / 2.0));
        this.bands = new OnsetBands(BANDS, frameSize / 2 + 1, sampleRate);
        this.window = new double[frameSize];
        for (int i = 0; i < frameSize; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / frameSize);
        }
    }

    double frameRate() {
        return (double) sampleRate / hop;
    }

    OnsetEnvelope of(SongAudio audio) {
        if (audio.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("audio at " + audio.sampleRate() + " Hz, analyser built for "
                    + sampleRate + " Hz");
        }
        float[][] chunks = distinct(audio.chunks());
        RealFft fft = new RealFft(frameSize);
        float[][][] db = new float[chunks.length][][];
        double top = DB_PER_LN * Math.log(AMIN);
        double audibleSamples = 0;
        for (int c = 0; c < chunks.length; c++) {
            float[] x = finite(chunks[c]);
            audibleSamples += audibleSamples(x);
            db[c] = bandDb(fft, x);
            for (float[] frame : db[c]) {
                for (float v : frame) {
                    top = Math.max(top, v);
                }
            }
        }
        float floor = (float) (top - TOP_DB);
        float[][] env = new float[chunks.length][];
        float[][][] accent = new float[ACCENT_BANDS][chunks.length][];
        for (int c = 0; c < chunks.length; c++) {
            env[c] = flux(db[c], floor, 0, BANDS);
            for (int a = 0; a < ACCENT_BANDS; a++) {
                accent[a][c] = flux(db[c], floor, a * BANDS / ACCENT_BANDS, (a + 1) * BANDS / ACCENT_BANDS);
            }
        }
        double seconds = 0;
        for (float[] c : chunks) {
            seconds += (double) c.length / sampleRate;
        }
        return new OnsetEnvelope(env, accent, frameRate(), audibleSamples / sampleRate, seconds);
    }

    /**
     * The chunks without repeats: a song shorter than a chunk is cached as copies of itself, and counting
     * them as more audio would make 3 s look like 12 s and a chance correlation look significant.
     */
    static float[][] distinct(float[][] chunks) {
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (float[] c : chunks) {
            boolean repeat = false;
            for (float[] seen : out) {
                repeat |= java.util.Arrays.equals(seen, c);
            }
            if (!repeat) {
                out.add(c);
            }
        }
        return out.toArray(new float[0][]);
    }

    /** [frame][band] power in dB (unfloored); a signal shorter than a frame is one zero-padded frame. */
    private float[][] bandDb(RealFft fft, float[] x) {
        int frames = x.length == 0 ? 0 : x.length < frameSize ? 1 : 1 + (x.length - frameSize) / hop;
        float[][] out = new float[frames][bands.bands()];
        double[] frame = new double[frameSize];
        double[] power = new double[fft.bins()];
        double[] b = new double[bands.bands()];
        for (int t = 0; t < frames; t++) {
            int start = t * hop;
            int n = Math.min(frameSize, x.length - start);
            for (int i = 0; i < n; i++) {
                frame[i] = x[start + i] * window[i];
            }
            java.util.Arrays.fill(frame, n, frameSize, 0);
            fft.power(frame, power);
            bands.apply(power, b);
            for (int i = 0; i < b.length; i++) {
                out[t][i] = (float) (DB_PER_LN * Math.log(Math.max(AMIN, b[i] * powerScale)));
            }
        }
        return out;
    }

    /** Mean over mel bands [from, to) of the half-wave rectified rise of the floored dB, frame by frame. */
    private static float[] flux(float[][] db, float floor, int from, int to) {
        float[] env = new float[db.length];
        for (int t = 1; t < db.length; t++) {
            double s = 0;
            for (int b = from; b < to; b++) {
                double rise = Math.max(db[t][b], floor) - Math.max(db[t - 1][b], floor);
                if (rise > 0) {
                    s += rise;
                }
            }
            env[t] = (float) (s / (to - from));
        }
        return env;
    }

    /** Samples in blocks above the silence gate. */
    private long audibleSamples(float[] x) {
        int block = (int) Math.round(SILENCE_BLOCK_SECONDS * sampleRate);
        long n = 0;
        for (int start = 0; start < x.length; start += block) {
            int end = Math.min(x.length, start + block);
            double e = 0;
            for (int i = start; i < end; i++) {
                e += (double) x[i] * x[i];
            }
            if (e / (end - start) > SILENT_MEAN_SQUARE) {
                n += end - start;
            }
        }
        return n;
    }

    /** The chunk itself, or a copy with NaN and infinities as silence (a damaged decode must not poison the song). */
    private static float[] finite(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                float[] y = x.clone();
                for (int j = i; j < y.length; j++) {
                    if (!Float.isFinite(y[j])) {
                        y[j] = 0;
                    }
                }
                return y;
            }
        }
        return x;
    }
}
