package org.musicrec.audio;

/**
 * A song cut into chunks: N × L mono samples at the target rate, zero-padded.
 *
 * @param durationSeconds the song's length
 * @param durationSource  "container" (from the file's header) or "decoded" (counted while decoding)
 * @param plan            where each chunk starts
 * @param chunks          N arrays of L samples in [-1, 1]
 * @param validSamples    per chunk, how many leading samples are audio (the rest is zero padding)
 */
public record SongChunks(double durationSeconds, String durationSource, ChunkPlan plan, float[][] chunks,
                         int[] validSamples) {
}
