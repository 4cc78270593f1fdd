package org.musicrec.audio;

/**
 * A song cut into chunks: N × L mono samples at the target rate, zero-padded.
 *
 * @param durationSeconds the song's length
 * @param durationSource  "container" (from the file's header) or "decoded" (counted while decoding)
 * @param plan            where each chunk starts
 * @param chunks          N arrays of L samples in [-1, 1]
 * @param validSamples    per chunk, how many leading samples are audio (the rest is zero padding)
 * @param statedSeconds   the length the file's header states (NaN when it states none)
 */
public record SongChunks(double durationSeconds, String durationSource, ChunkPlan plan, float[][] chunks,
                         int[] validSamples, double statedSeconds) {
    /** Beyond this shortfall against the header, the file is taken as cut off rather than estimated. */
    public static final double TRUNCATION_SECONDS = 2.0;

    /** True when much less decodes than the header states: a cut-off download or copy, cached with what decodes. */
    public boolean truncated() {
        return statedSeconds - durationSeconds > TRUNCATION_SECONDS;
    }
}
