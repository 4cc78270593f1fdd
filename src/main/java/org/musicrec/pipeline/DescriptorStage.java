package org.musicrec.pipeline;

import org.musicrec.cache.CacheEntry;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.describe.DescriptorExtractor;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongAudio;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes the descriptors of the cached songs that lack current ones — new songs, files changed since
 * (the cache's modification time and size differ), rows of an older algorithm — on every core, committing
 * in slices so an interrupted run keeps what it finished. Nothing is deleted here: rows of songs gone from
 * the library are dropped by {@code update} alone, which knows they are gone and not merely unreachable.
 */
public final class DescriptorStage {
    private static final int SONGS_PER_COMMIT = 64;

    /** Counts of one run. */
    public record Summary(int computed, int current, int failed, double seconds) {
        public String format() {
            return String.format(Locale.ROOT, "Descriptors: %d computed, %d already current, %d failed, %.1f s (%.1f songs/s)",
                    computed, current, failed, seconds, seconds > 0 ? computed / seconds : 0);
        }
    }

    private DescriptorStage() {
    }

    public static Summary run(MusicrecConfig cfg, CachedLibrary lib, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        Workspace ws = Workspace.of(cfg);
        try (DescriptorStore store = DescriptorStore.open(ws.descriptorsDb());
             Progress progress = Progress.forConsole("songs")) {
            Map<String, DescriptorStore.Source> have = store.sources();
            List<Song> todo = new ArrayList<>();
            Map<String, DescriptorStore.Source> wanted = new LinkedHashMap<>();
            for (Song s : lib.cachedSongs()) {
                CacheEntry e = lib.cache().entry(s.rowid()).orElseThrow();
                DescriptorStore.Source src = new DescriptorStore.Source(SongDescriptors.ALGORITHM, e.mtimeMillis(), e.size());
                if (!src.equals(have.get(EmbeddingExtractor.key(s)))) {
                    todo.add(s);
                    wanted.put(EmbeddingExtractor.key(s), src);
                }
            }
            int failed = 0, computed = 0;
            progress.start("descriptors", todo.size());
            int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), todo.size()));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            ThreadLocal<DescriptorExtractor> extractor = ThreadLocal.withInitial(
                    () -> new DescriptorExtractor(CqtFactory.create(cfg.cqt(), cfg.audio())));
            try {
                for (int from = 0; from < todo.size(); from += SONGS_PER_COMMIT) {
                    List<Song> slice = todo.subList(from, Math.min(todo.size(), from + SONGS_PER_COMMIT));
                    List<Future<SongDescriptors>> jobs = new ArrayList<>();
                    for (Song s : slice) {
                        jobs.add(pool.submit(() -> {
                            CacheEntry e = lib.cache().entry(s.rowid()).orElseThrow();
                            SongAudio a = SongAudio.of(lib.cache().loadRaw(s.rowid()), e.validSamples(),
                                    cfg.audio().sampleRate());
                            return extractor.get().describe(a);
                        }));
                    }
                    Map<String, SongDescriptors> rows = new LinkedHashMap<>();
                    for (int i = 0; i < slice.size(); i++) {
                        Song s = slice.get(i);
                        try {
                            rows.put(EmbeddingExtractor.key(s), jobs.get(i).get());
                            computed++;
                        } catch (ExecutionException ex) {
                            failed++;
                            Throwable c = ex.getCause();
                            progress.message("cannot describe " + s.key() + ": " + (c.getMessage() == null ? c : c.getMessage()));
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted while computing descriptors", ex);
                        }
                        progress.step();
                    }
                    store.putAll(rows, wanted);
                }
            } finally {
                pool.shutdownNow();
            }
            Summary summary = new Summary(computed, lib.cachedSongs().size() - todo.size(), failed,
                    (System.nanoTime() - t0) / 1e9);
            progress.close();
            out.println(summary.format() + " -> " + ws.descriptorsDb());
            return summary;
        }
    }
}
