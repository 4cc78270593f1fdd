package org.musicrec.cache;

import org.musicrec.audio.AudioException;
import org.musicrec.audio.FfmpegDecoder;
import org.musicrec.audio.FfmpegThreads;
import org.musicrec.audio.Section;
import org.musicrec.audio.SongChunks;
import org.musicrec.config.AudioConfig;
import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.io.AtomicFiles;
import org.musicrec.io.Npy;
import org.musicrec.library.Song;
import org.musicrec.library.TrackSpan;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds or updates the chunk cache for a library: decodes songs that are new, changed (mtime or
 * size), made with other params, or (with retryFailed) failed before; drops entries of songs gone
 * from the library; leaves everything else alone. A track of an album image (CUE sheet) is its own song:
 * its own entry (keyed by {@link Song#key()}), its chunks decoded from its own span of the image, and the
 * image's mtime and size deciding whether it is current.
 *
 * <p>A file that cannot be reached is not a song that is gone: its cache entry stays (a USB disk or a
 * share that is not mounted comes back), and when more than a fifth of the library cannot be reached
 * the build refuses before it changes anything ({@link Reachability}).
 *
 * <p>Workers ({@code chunk_cache.num_workers}) decode and write cache files (atomically); this
 * class's calling thread is the index's only writer. A cache file is written before its index row,
 * so a kill leaves at worst unreferenced files, which the next build deletes and makes again.
 * Music files are only read.
 */
public final class CacheBuilder {
    private final CacheLayout layout;
    private final CacheParams params;
    private final double maxDuration;
    private final int workers;
    private final FfmpegDecoder decoder;
    private final Progress progress;

    public CacheBuilder(AudioConfig audio, ChunkCacheConfig cache, Path cacheDir, Progress progress) {
        this(audio, cache, cacheDir, progress, System.getenv());
    }

    /** @param env environment consulted for OMP_NUM_THREADS (caps FFmpeg's threads per worker) */
    public CacheBuilder(AudioConfig audio, ChunkCacheConfig cache, Path cacheDir, Progress progress,
                        Map<String, String> env) {
        this.layout = new CacheLayout(cacheDir);
        this.params = CacheParams.of(audio, cache);
        this.maxDuration = audio.maxDuration();
        this.workers = cache.numWorkers();
        this.decoder = new FfmpegDecoder(audio, FfmpegThreads.effective(cache.ffmpegThreads(), env));
        this.progress = progress;
    }

    /** One decoded (or refused) song, handed from a worker to the index writer; {@code truncated}: what to say. */
    private record Outcome(Song song, CacheEntry entry, long bytesWritten, String truncated) {
    }

    public BuildSummary build(List<Song> songs, boolean retryFailed) throws IOException {
        return build(songs, Set.of(), retryFailed);
    }

    /**
     * @param keep rowids of songs that are still in the library but not to be processed (the player flagged
     *             them unavailable): their entries are kept as they are
     * @throws LibraryUnreachableException when so many files cannot be reached that a disk or folder is
     *             surely missing; nothing has been changed
     */
    public BuildSummary build(List<Song> songs, Set<Long> keep, boolean retryFailed) throws IOException {
        long t0 = System.nanoTime();
        Reachability reach = Reachability.of(songs);
        if (reach.tooMuchMissing()) {
            throw new LibraryUnreachableException(reach.message());
        }
        boolean createdDir = !Files.exists(layout.dir());
        Files.createDirectories(layout.dir());
        try (CacheLock lock = CacheLock.acquire(layout, "build the cache");
             CacheIndex index = CacheIndex.open(layout.index())) {
            if (index.meta("created_dir").isEmpty()) {
                // clear-cache removes the folder itself only if the cache made it
                index.setMeta("created_dir", Boolean.toString(createdDir));
            }
            Map<Long, CacheEntry> existing = new HashMap<>();
            index.all().forEach(e -> existing.put(e.songId(), e));

            int removed = dropGoneSongs(index, existing, songs, keep);
            index.commit();
            removeUnreferencedFiles(existing.values());

            List<Song> work = new ArrayList<>();
            int unchanged = 0;
            int failedEarlier = 0;
            int keptUnreachable = 0;
            Set<Long> seen = new HashSet<>();
            for (Song s : songs) {
                if (!seen.add(s.rowid())) {
                    continue;
                }
                CacheEntry e = existing.get(s.rowid());
                FileState st = e == null ? null : FileState.of(s.path());   // one stat per song, shared by both checks
                if (e != null && cachedButUnreachable(e, s, st)) {
                    keptUnreachable++;
                } else if (e != null && upToDate(e, s, st, retryFailed)) {
                    unchanged++;
                    failedEarlier += e.status() == CacheEntry.Status.FAILED ? 1 : 0;
                } else {
                    work.add(s);
                }
            }
            Tally tally = run(work, index, existing);
            index.commit();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new BuildSummary(seen.size(), tally.cached, unchanged, tally.skipped, tally.failed, removed,
                    tally.bytes, seconds, tally.problems, failedEarlier, keptUnreachable, tally.truncated);
        }
    }

    private int dropGoneSongs(CacheIndex index, Map<Long, CacheEntry> existing, List<Song> songs, Set<Long> keep)
            throws IOException {
        Set<Long> ids = new HashSet<>(keep);
        songs.forEach(s -> ids.add(s.rowid()));
        int removed = 0;
        for (CacheEntry e : List.copyOf(existing.values())) {
            if (!ids.contains(e.songId())) {
                index.delete(e.songId());
                existing.remove(e.songId());
                deleteCacheFile(e.file());
                removed++;
            }
        }
        return removed;
    }

    /** Deletes temp files of interrupted writes and cache files no cached entry refers to. */
    private void removeUnreferencedFiles(java.util.Collection<CacheEntry> entries) throws IOException {
        Set<Path> referenced = new HashSet<>();
        for (CacheEntry e : entries) {
            if (e.file() != null) {
                referenced.add(layout.resolve(e.file()));
            }
        }
        for (Path f : CacheFiles.list(layout)) {
            if (CacheLayout.isTempFile(f) || !referenced.contains(f)) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * A song cached from this very path whose file cannot be reached now: keep what was decoded (the
     * chunks are still the song's) instead of replacing it with a "file not found" failure.
     */
    private boolean cachedButUnreachable(CacheEntry e, Song s, FileState st) {
        return e.isCached() && e.path().equals(s.key()) && st == null
                && Files.isRegularFile(layout.resolve(e.file()));
    }

    private boolean upToDate(CacheEntry e, Song s, FileState st, boolean retryFailed) {
        if (!e.path().equals(s.key())) {
            return false;
        }
        if (st == null) {
            // still missing: already reported; retried on request like any failure
            return e.status() == CacheEntry.Status.FAILED && e.size() < 0 && !retryFailed;
        }
        if (!st.matches(e)) {
            return false;
        }
        return switch (e.status()) {
            case CACHED -> e.params().equals(params.key()) && e.durationSeconds() <= maxDuration
                    && Files.isRegularFile(layout.resolve(e.file()));
            case SKIPPED -> !(e.durationSeconds() <= maxDuration); // max_duration raised: try again
            case FAILED -> !retryFailed;
        };
    }

    private static final class Tally {
        int cached;
        int truncated;
        long bytes;
        final Map<String, Integer> skipped = new HashMap<>();
        final Map<String, Integer> failed = new HashMap<>();
        final List<String> problems = new ArrayList<>();
    }

    private Tally run(List<Song> work, CacheIndex index, Map<Long, CacheEntry> existing) throws IOException {
        Tally tally = new Tally();
        if (work.isEmpty()) {
            return tally;
        }
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "cache-worker-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
        progress.start("Caching", work.size());
        try {
            for (Song s : work) {
                done.submit(() -> process(s));
            }
            for (int i = 0; i < work.size(); i++) {
                Outcome o = take(done);
                CacheEntry e = o.entry();
                index.put(e);
                CacheEntry old = existing.put(e.songId(), e);
                if (old != null && old.file() != null && !old.file().equals(e.file())) {
                    deleteCacheFile(old.file());
                }
                switch (e.status()) {
                    case CACHED -> {
                        tally.cached++;
                        tally.bytes += o.bytesWritten();
                    }
                    case SKIPPED -> tally.skipped.merge(e.reason(), 1, Integer::sum);
                    case FAILED -> tally.failed.merge(e.reason(), 1, Integer::sum);
                }
                if (!e.isCached() || o.truncated() != null) {
                    String line = o.song().key() + ": " + (e.isCached() ? o.truncated() : e.detail());
                    tally.problems.add(line);
                    progress.message(line);
                    tally.truncated += o.truncated() != null ? 1 : 0;
                }
                progress.step();
            }
        } finally {
            pool.shutdownNow();
            progress.close();
        }
        return tally;
    }

    private static Outcome take(ExecutorCompletionService<Outcome> done) throws IOException {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("cache build interrupted", e);
        } catch (ExecutionException e) {
            // Only writing the cache throws out of a worker (disk full, permissions): stop the build.
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("cache build failed: " + c, c);
        }
    }

    /** Runs on a worker thread: decode, write the cache file, describe the result. */
    private Outcome process(Song s) {
        FileState st = FileState.of(s.path());
        long mtime = st == null ? -1 : st.mtimeMillis();
        long size = st == null ? -1 : st.size();
        String key = s.key();
        try {
            SongChunks c = decoder.decode(s.path(), sectionOf(s));
            ChunkCodec.Encoded enc = ChunkCodec.encode(c.chunks(), params.dtype());
            byte[] bytes = Npy.encode(enc.array());
            String rel = layout.relativeFileFor(s.rowid(), key);
            try {
                AtomicFiles.write(layout.resolve(rel), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("cannot write cache file " + layout.resolve(rel)
                        + ": " + e.getMessage(), e));
            }
            return new Outcome(s, new CacheEntry(s.rowid(), key, rel, mtime, size, c.durationSeconds(),
                    c.durationSource(), c.plan().offsets(), c.validSamples(), enc.scale(), params.key(),
                    CacheEntry.Status.CACHED, "", "", bytes.length), bytes.length, c.truncated()
                    ? String.format(java.util.Locale.ROOT, "truncated: the header says %.0f s, %.1f s decodes; cached what decodes",
                            c.statedSeconds(), c.durationSeconds()) : null);
        } catch (AudioException e) {
            CacheEntry.Status status = e.kind() == AudioException.Kind.SKIPPED
                    ? CacheEntry.Status.SKIPPED : CacheEntry.Status.FAILED;
            return new Outcome(s, new CacheEntry(s.rowid(), key, null, mtime, size, e.durationSeconds(), "", null, null,
                    1.0, params.key(), status, e.reason(), e.getMessage(), 0), 0, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (e instanceof UncheckedIOException) {
                throw e;
            }
            return new Outcome(s, new CacheEntry(s.rowid(), key, null, mtime, size, Double.NaN, "", null, null,
                    1.0, params.key(), CacheEntry.Status.FAILED, "internal error", e.toString(), 0), 0, null);
        }
    }


    /** The part of the song's file that is its audio: all of it, or its track of an album image. */
    static Section sectionOf(Song s) {
        TrackSpan span = s.span();
        return span.isCueTrack() ? new Section(span.startSeconds(), span.lengthSeconds()) : Section.WHOLE_FILE;
    }

    private void deleteCacheFile(String relative) throws IOException {
        if (relative != null) {
            Path f = layout.resolve(relative);
            if (CacheLayout.isChunkFile(f)) {
                Files.deleteIfExists(f);
            }
        }
    }
}
