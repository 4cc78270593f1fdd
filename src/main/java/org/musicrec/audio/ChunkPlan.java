package org.musicrec.audio;

import java.util.Arrays;

/**
 * Where a song's chunks start, in samples at the target rate.
 *
 * <p>The seed spaces chunks evenly: for a duration D longer than the chunk length L and N chunks,
 * chunk i starts at i·(D−L)/(N−1), so the first starts at 0 and the last ends at the end of the
 * song. One chunk (N = 1) starts at 0. A song no longer than L gives N chunks that all start at 0:
 * the cache keeps the uniform N × L shape (batches stay uniform) and never contains an all-padding
 * chunk; the padding is zeros and {@link #validSamples} says how much of each chunk is real.
 *
 * @param offsets       first sample of each chunk (length N, non-decreasing)
 * @param chunkSamples  L in samples
 * @param totalSamples  the song's length in samples (D·rate, rounded)
 */
public record ChunkPlan(long[] offsets, int chunkSamples, long totalSamples) {
    public ChunkPlan {
        offsets = offsets.clone();
    }

    /** Plans {@code numChunks} chunks of {@code chunkSamples} over a song of {@code totalSamples}. */
    public static ChunkPlan of(long totalSamples, int numChunks, int chunkSamples) {
        if (numChunks < 1 || chunkSamples < 1 || totalSamples < 0) {
            throw new IllegalArgumentException("bad chunk plan: " + numChunks + " × " + chunkSamples + " over "
                    + totalSamples);
        }
        long[] offsets = new long[numChunks];
        long span = totalSamples - chunkSamples;
        if (span > 0 && numChunks > 1) {
            for (int i = 0; i < numChunks; i++) {
                // Integer arithmetic: the same file always gives the same offsets on any JVM.
                offsets[i] = span * i / (numChunks - 1);
            }
        }
        return new ChunkPlan(offsets, chunkSamples, totalSamples);
    }

    /** Plans from a duration in seconds (rounded to whole samples). */
    public static ChunkPlan ofSeconds(double durationSeconds, int sampleRate, int numChunks, int chunkSamples) {
        return of(Math.round(durationSeconds * sampleRate), numChunks, chunkSamples);
    }

    public int numChunks() {
        return offsets.length;
    }

    public long offset(int chunk) {
        return offsets[chunk];
    }

    /** Real (non-padding) samples in a chunk according to the planned duration. */
    public int validSamples(int chunk) {
        return (int) Math.max(0, Math.min(chunkSamples, totalSamples - offsets[chunk]));
    }

    @Override
    public long[] offsets() {
        return offsets.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkPlan p && Arrays.equals(offsets, p.offsets) && chunkSamples == p.chunkSamples
                && totalSamples == p.totalSamples;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offsets) * 31 + chunkSamples;
    }

    @Override
    public String toString() {
        return "ChunkPlan" + Arrays.toString(offsets) + " × " + chunkSamples + " of " + totalSamples;
    }
}
