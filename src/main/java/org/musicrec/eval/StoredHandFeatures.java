package org.musicrec.eval;

import org.musicrec.cache.CacheEntry;
import org.musicrec.cache.ChunkCache;
import org.musicrec.config.AudioConfig;
import org.musicrec.dsp.CqtParams;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hand features kept between runs in their own {@link EmbeddingStore} file (not embeddings.db, so
 * they never show up as an encoder version). A whole library takes as long as a CQT pass over every
 * chunk, so they are computed once and committed in slices: an interrupted evaluate keeps what it
 * finished. The row key carries the music file's mtime and size as the cache saw them, so a changed
 * file is recomputed; the version carries the CQT and chunk layout, so changing those starts afresh.
 */
public final class StoredHandFeatures {
    private static final int SONGS_PER_COMMIT = 256;

    private StoredHandFeatures() {
    }

    /** Version string of hand features made with these settings. */
    public static String version(CqtParams p, AudioConfig audio) {
        return String.format(Locale.ROOT, "hand-v1 sr=%d bins=%d bpo=%d fmin=%.3f hop=%d chunks=%dx%.1fs",
                p.sampleRate(), p.nBins(), p.binsPerOctave(), p.fmin(), p.hopLength(), audio.numChunks(),
                audio.chunkDuration());
    }

    /** Row key: the song's key (its path, and its span for a CUE track) plus the file state the cached chunks were read from. */
    static String key(Song s, ChunkCache cache) {
        CacheEntry e = cache.entry(s.rowid()).orElse(null);
        return s.key() + (e == null ? "" : "|" + e.mtimeMillis() + "|" + e.size());
    }

    /**
     * The hand features of {@code songs} (rowid → vector): read from {@code store} where present,
     * computed and stored otherwise. Songs whose audio cannot be read go to {@code problems} and are left out.
     */
    public static Map<Long, float[]> load(EmbeddingStore store, String version, List<Song> songs, ChunkCache cache,
                                          HandFeatures features, Progress progress, Consumer<String> problems)
            throws IOException {
        Map<String, float[]> stored = store.getAll(version);
        Map<Long, float[]> out = new LinkedHashMap<>();
        List<Song> todo = new ArrayList<>();
        for (Song s : songs) {
            float[] f = stored.get(key(s, cache));
            if (f != null && f.length == features.dim()) {
                out.put(s.rowid(), f);
            } else {
                todo.add(s);
            }
        }
        progress.start("hand features", todo.size());
        for (int i = 0; i < todo.size(); i += SONGS_PER_COMMIT) {
            List<Song> slice = todo.subList(i, Math.min(todo.size(), i + SONGS_PER_COMMIT));
            Map<Long, float[]> f = features.compute(slice, Progress.silent(), problems);
            Map<String, float[]> rows = new LinkedHashMap<>();
            for (Song s : slice) {
                float[] v = f.get(s.rowid());
                if (v != null) {
                    rows.put(key(s, cache), v);
                    out.put(s.rowid(), v);
                }
                progress.step();
            }
            store.putAll(version, rows);
        }
        progress.close();
        return out;
    }
}
