package org.musicrec.describe;

/**
 * A song's audio as the descriptors see it: its cached chunks at one sample rate, amplitude as decoded
 * (in [-1, 1], not z-normalised, so levels mean something), each cut to its real samples (no zero
 * padding). Chunks are separate excerpts: nothing may treat the end of one and the start of the next as
 * continuous. A short song's chunks may overlap or repeat.
 *
 * @param chunks     one array per chunk, real samples only (possibly of different lengths, possibly empty)
 * @param sampleRate samples per second
 */
public record SongAudio(float[][] chunks, int sampleRate) {
    public SongAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        chunks = chunks.clone();
    }

    /** Cuts each raw chunk to its {@code validSamples} (missing lengths: the whole chunk). */
    public static SongAudio of(float[][] raw, int[] validSamples, int sampleRate) {
        float[][] c = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            int n = i < validSamples.length ? Math.max(0, Math.min(raw[i].length, validSamples[i])) : raw[i].length;
            c[i] = n == raw[i].length ? raw[i] : java.util.Arrays.copyOf(raw[i], n);
        }
        return new SongAudio(c, sampleRate);
    }

    /** Real samples over all chunks. */
    public long totalSamples() {
        long n = 0;
        for (float[] c : chunks) {
            n += c.length;
        }
        return n;
    }

    public double seconds() {
        return (double) totalSamples() / sampleRate;
    }
}
