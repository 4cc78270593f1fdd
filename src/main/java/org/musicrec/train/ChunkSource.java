package org.musicrec.train;

import java.io.IOException;

/** Where training reads a song's cached chunks from: {@code [chunks][samples]}, z-normalised. */
@FunctionalInterface
public interface ChunkSource {
    float[][] chunks(long rowid) throws IOException;
}
