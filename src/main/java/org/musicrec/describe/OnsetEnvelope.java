package org.musicrec.describe;

/**
 * A song's onset strength envelopes, one per chunk (chunks are separate excerpts, so are their envelopes),
 * as {@link OnsetStrength} computes them: frame t of a chunk is the mean rise in dB, over mel bands, from
 * frame t - 1 to frame t (0 for a chunk's first frame). Values are non-negative, in dB.
 *
 * @param chunks         one envelope per chunk (possibly empty); not copied deeply, do not modify
 * @param accentBands    the same envelope restricted to each of {@link OnsetStrength#ACCENT_BANDS} groups of
 *                       adjacent mel bands: [band][chunk][frame], the mean rise over that group's mel bands
 * @param frameRate      envelope frames per second (sample rate / hop)
 * @param audibleSeconds how much of the audio is above the silence threshold, summed over chunks
 * @param seconds        all real audio, summed over chunks
 */
record OnsetEnvelope(float[][] chunks, float[][][] accentBands, double frameRate, double audibleSeconds, double seconds) {
    OnsetEnvelope {
        chunks = chunks.clone();
        accentBands = accentBands.clone();
    }

    /** Frames in the longest chunk. */
    int longestChunk() {
        int n = 0;
        for (float[] c : chunks) {
            n = Math.max(n, c.length);
        }
        return n;
    }
}
