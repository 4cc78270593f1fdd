package org.musicrec.cache;

import org.musicrec.io.Npy;
import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to a built chunk cache for later stages (training, embedding). A snapshot of the
 * index is taken when opened; cache files are read on demand. Thread-safe for loads.
 */
public final class ChunkCache {
    /** Chunks whose standard deviation is below this are silence: centred, not scaled up. */
    private static final double SILENCE_STD = 1e-6;

    private final CacheLayout layout;
    private final Map<Long, CacheEntry> entries;

    private ChunkCache(CacheLayout layout, Map<Long, CacheEntry> entries) {
        this.layout = layout;
        this.entries = entries;
    }

    public static ChunkCache open(Path cacheDir) throws IOException {
        CacheLayout layout = new CacheLayout(cacheDir);
        if (!Files.exists(layout.index())) {
            throw new IOException(cacheDir + ": no chunk cache here (run build-cache first)");
        }
        Map<Long, CacheEntry> m = new LinkedHashMap<>();
        CacheIndex.readAll(layout.index()).forEach(e -> m.put(e.songId(), e));
        return new ChunkCache(layout, m);
    }

    /** Every entry (cached, failed, skipped), by song id. */
    public List<CacheEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<CacheEntry> entry(long songId) {
        return Optional.ofNullable(entries.get(songId));
    }

    /** A library song together with its cached chunks' entry. */
    public record CachedSong(Song song, CacheEntry entry) {
    }

    /** The library's songs that have current cached chunks (same path, file unchanged), in library order. */
    public List<CachedSong> cachedSongs(List<Song> library) {
        List<CachedSong> out = new ArrayList<>();
        for (Song s : library) {
            CacheEntry e = entries.get(s.rowid());
            if (e != null && e.isCached() && e.path().equals(s.key())) {
                FileState st = FileState.of(s.path());
                if (st != null && st.matches(e)) {
                    out.add(new CachedSong(s, e));
                }
            }
        }
        return out;
    }

    /**
     * The songs of {@link #cachedSongs(List)} whose chunks were made with {@code params}: chunks of another
     * rate or length would train and embed on audio the model does not expect.
     *
     * @throws CacheSettingsException when songs are cached but none with these settings (build-cache rebuilds)
     */
    public List<CachedSong> cachedSongs(List<Song> library, CacheParams params) throws CacheSettingsException {
        List<CachedSong> all = cachedSongs(library);
        List<CachedSong> same = all.stream().filter(c -> params.key().equals(c.entry().params())).toList();
        if (same.isEmpty() && !all.isEmpty()) {
            throw new CacheSettingsException(layout.dir() + ": the chunk cache was made with other settings ("
                    + all.get(0).entry().params() + ") than the config asks for (" + params.key()
                    + "; audio.sample_rate, audio.num_chunks, audio.chunk_duration, chunk_cache.dtype):"
                    + " run build-cache to rebuild it with these settings");
        }
        return same;
    }

    /** Cached songs are there, but none made with the settings the config asks for. */
    public static final class CacheSettingsException extends IOException {
        CacheSettingsException(String message) {
            super(message);
        }
    }

    /**
     * The song's chunks, float[N][L], each z-normalised over its real samples (mean 0, std 1);
     * zero padding stays zero, and a silent chunk stays (near) zero instead of amplifying noise.
     */
    public float[][] load(long songId) throws IOException {
        CacheEntry e = cachedEntry(songId);
        float[][] x = loadRaw(songId);
        int[] valid = e.validSamples();
        for (int i = 0; i < x.length; i++) {
            zNormalise(x[i], i < valid.length ? valid[i] : x[i].length);
        }
        return x;
    }

    /**
     * Chunk {@code index} of the song, z-normalised as {@link #load} does, reading and decoding only that
     * chunk (training uses one or two chunks of each song it touches: a quarter of the disk reads).
     */
    public float[] loadChunk(long songId, int index) throws IOException {
        CacheEntry e = cachedEntry(songId);
        Path f = layout.resolve(e.file());
        float[] x = ChunkCodec.decodeRow(Npy.readRow(f, index), e.scale(), 0, f.toString());
        int[] valid = e.validSamples();
        zNormalise(x, index < valid.length ? valid[index] : x.length);
        return x;
    }

    /** How many chunks the song has (from the index; from the file for entries that do not say). */
    public int chunkCount(long songId) throws IOException {
        CacheEntry e = cachedEntry(songId);
        return e.validSamples().length > 0 ? e.validSamples().length : loadRaw(songId).length;
    }

    /** The song's chunks as decoded (amplitude in [-1, 1]), float[N][L]. */
    public float[][] loadRaw(long songId) throws IOException {
        CacheEntry e = cachedEntry(songId);
        Path f = layout.resolve(e.file());
        return ChunkCodec.decode(Npy.read(f), e.scale(), f.toString());
    }

    private CacheEntry cachedEntry(long songId) throws IOException {
        CacheEntry e = entries.get(songId);
        if (e == null || !e.isCached()) {
            throw new IOException("song " + songId + " is not in the chunk cache"
                    + (e == null ? "" : " (" + e.status().key() + ": " + e.detail() + ")"));
        }
        return e;
    }

    static void zNormalise(float[] x, int n) {
        if (n <= 0) {
            return;
        }
        // mean and variance in one pass over four interleaved partial sums (independent dependency chains: one
        // running double sum is latency-bound, and this was most of a training batch's preparation time)
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double a = x[k], b = x[k + 1], c = x[k + 2], d = x[k + 3];
            s0 += a;
            s1 += b;
            s2 += c;
            s3 += d;
            q0 += a * a;
            q1 += b * b;
            q2 += c * c;
            q3 += d * d;
        }
        for (; k < n; k++) {
            double a = x[k];
            s0 += a;
            q0 += a * a;
        }
        double mean = (s0 + s1 + s2 + s3) / n;
        double var = Math.max(0, (q0 + q1 + q2 + q3) / n - mean * mean);   // audio in [-1, 1]: no cancellation worth a second pass
        double std = Math.sqrt(var);
        float m = (float) mean;
        float inv = (float) (std < SILENCE_STD ? 1.0 : 1.0 / std);
        for (k = 0; k < n; k++) {
            x[k] = (x[k] - m) * inv;
        }
    }
}
