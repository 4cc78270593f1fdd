package org.musicrec.cache;

import org.musicrec.config.AudioConfig;
import org.musicrec.config.ChunkCacheConfig;

/**
 * What a cache file's contents depend on besides the music file: rate, chunk shape and dtype.
 * Stored per entry; an entry made with other params is re-cached.
 */
public record CacheParams(int sampleRate, int numChunks, int chunkSamples, String dtype) {
    /** Bumped when the decoding or the file format changes in a way that alters the arrays. */
    static final int FORMAT_VERSION = 1;

    public static CacheParams of(AudioConfig audio, ChunkCacheConfig cache) {
        return new CacheParams(audio.sampleRate(), audio.numChunks(), audio.chunkSamples(), cache.dtype());
    }

    public String key() {
        return "v" + FORMAT_VERSION + " sr=" + sampleRate + " n=" + numChunks + " L=" + chunkSamples + " " + dtype;
    }

    /** Parses {@link #key()}; null for anything else. */
    public static CacheParams parse(String key) {
        try {
            String[] p = key.split(" ");
            if (p.length != 5 || !p[0].equals("v" + FORMAT_VERSION)) {
                return null;
            }
            return new CacheParams(Integer.parseInt(p[1].substring(3)), Integer.parseInt(p[2].substring(2)),
                    Integer.parseInt(p[3].substring(2)), p[4]);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
