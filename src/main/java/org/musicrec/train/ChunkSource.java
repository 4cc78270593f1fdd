package org.musicrec.train;

import java.io.IOException;

/** Where training reads a song's cached chunks from: {@code [chunks][samples]}, z-normalised. */
@FunctionalInterface
public interface ChunkSource {
    float[][] chunks(long rowid) throws IOException;

    /** Chunk {@code index} of the song; a source that can read one chunk alone should. */
    default float[] chunk(long rowid, int index) throws IOException {
        return chunks(rowid)[index];
    }

    /** How many chunks the song has. */
    default int chunkCount(long rowid) throws IOException {
        return chunks(rowid).length;
    }
}
