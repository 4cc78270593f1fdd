package org.musicrec.cache;

import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The state of a chunk cache against the current library.
 *
 * @param songs          songs with cached chunks
 * @param chunks         chunks in those songs' files
 * @param bytesOnDisk    the cache's own files: chunk files, index, leftover temp files
 * @param failed         failed entries, count per reason
 * @param skipped        skipped entries, count per reason
 * @param stale          entries of songs gone from the library or whose file changed since (the next
 *                       build drops or re-caches them)
 * @param missingFiles   cached entries whose cache file is gone
 * @param unreferenced   chunk or temp files no entry refers to (an interrupted build; the next build removes them)
 * @param notCached      library songs without any entry yet
 */
public record CacheStats(int songs, long chunks, long bytesOnDisk, Map<String, Integer> failed,
                         Map<String, Integer> skipped, int stale, int missingFiles, int unreferenced, int notCached) {
    public CacheStats {
        failed = Map.copyOf(failed);
        skipped = Map.copyOf(skipped);
    }

    public static CacheStats compute(Path cacheDir, List<Song> library) throws IOException {
        CacheLayout layout = new CacheLayout(cacheDir);
        List<CacheEntry> entries = CacheIndex.readAll(layout.index());
        Map<Long, Song> byId = new HashMap<>();
        library.forEach(s -> byId.put(s.rowid(), s));
        int songs = 0;
        long chunks = 0;
        int stale = 0;
        int missing = 0;
        Map<String, Integer> failed = new HashMap<>();
        Map<String, Integer> skipped = new HashMap<>();
        Set<Path> referenced = new HashSet<>();
        for (CacheEntry e : entries) {
            Song s = byId.get(e.songId());
            FileState st = s == null ? null : FileState.of(s.path());
            boolean current = s != null && e.path().equals(s.key())
                    && (st == null ? e.size() < 0 : st.matches(e));
            if (!current) {
                stale++;
            }
            switch (e.status()) {
                case CACHED -> {
                    Path f = layout.resolve(e.file());
                    referenced.add(f);
                    if (Files.isRegularFile(f)) {
                        songs++;
                        chunks += e.offsets().length;
                    } else {
                        missing++;
                    }
                }
                case FAILED -> failed.merge(e.reason(), 1, Integer::sum);
                case SKIPPED -> skipped.merge(e.reason(), 1, Integer::sum);
            }
        }
        long bytes = Files.exists(layout.index()) ? Files.size(layout.index()) : 0;
        int unreferenced = 0;
        for (Path f : CacheFiles.list(layout)) {
            bytes += Files.size(f);
            if (!referenced.contains(f)) {
                unreferenced++;
            }
        }
        Set<Long> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.songId()));
        int notCached = (int) library.stream().filter(s -> !ids.contains(s.rowid())).count();
        return new CacheStats(songs, chunks, bytes, failed, skipped, stale, missing, unreferenced, notCached);
    }

    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Chunk cache: %d songs, %d chunks, %s on disk%n", songs, chunks,
                Bytes.human(bytesOnDisk)));
        BuildSummary.byReason(b, "failed", failed);
        BuildSummary.byReason(b, "skipped", skipped);
        b.append(String.format(Locale.ROOT, "  stale:     %d (song gone or file changed; next build-cache updates them)%n",
                stale));
        b.append(String.format(Locale.ROOT, "  not cached yet: %d library songs%n", notCached));
        if (missingFiles > 0) {
            b.append(String.format(Locale.ROOT, "  missing:   %d cache files deleted behind the cache's back%n",
                    missingFiles));
        }
        if (unreferenced > 0) {
            b.append(String.format(Locale.ROOT, "  leftovers: %d files of an interrupted build (removed by the next)%n",
                    unreferenced));
        }
        return b.toString();
    }
}
