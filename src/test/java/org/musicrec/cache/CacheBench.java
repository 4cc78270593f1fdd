package org.musicrec.cache;

import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;
import org.musicrec.testing.TestLibrary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark entry (not a test; run by benchmarks/cache_bench.sh): a fresh cache build, seed
 * config (4 × 30 s at 16 kHz, int16, ffmpeg_threads 1), over every audio file under a folder.
 * Usage: CacheBench MUSIC_DIR WORKERS CACHE_DIR. Prints one line: songs, seconds, songs/s.
 */
public final class CacheBench {
    private CacheBench() {
    }

    public static void main(String[] args) throws Exception {
        Path music = Path.of(args[0]);
        int workers = Integer.parseInt(args[1]);
        Path cacheDir = Path.of(args[2]);
        if (Files.exists(cacheDir)) {
            CacheCleaner.clear(cacheDir);
        }
        List<Song> songs;
        try (Stream<Path> s = Files.walk(music)) {
            songs = TestLibrary.songs(s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(mp3|ogg|opus|flac|m4a|wav)$")).sorted().toList());
        }
        MusicrecConfig cfg = new ConfigLoader().defaults();
        ChunkCacheConfig cache = new ChunkCacheConfig(cfg.chunkCache().dtype(), workers, 1);
        long t0 = System.nanoTime();
        BuildSummary summary = new CacheBuilder(cfg.audio(), cache, cacheDir, Progress.silent(), Map.of())
                .build(songs, false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (summary.cached() != songs.size()) {
            System.err.print(summary.format());
            throw new IllegalStateException("not every song was cached");
        }
        System.out.printf(Locale.ROOT, "musicrec workers=%d songs=%d seconds=%.2f songs_per_s=%.2f%n", workers,
                songs.size(), seconds, songs.size() / seconds);
    }
}
