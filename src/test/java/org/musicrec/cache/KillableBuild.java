package org.musicrec.cache;

import org.musicrec.config.AudioConfig;
import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;
import org.musicrec.testing.TestLibrary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test-only program: builds the cache for every file under a folder, slowly (the progress sleeps
 * after each song), so that {@link KillDuringBuildTest} can kill it mid-build.
 * Usage: KillableBuild CACHE_DIR LIBRARY_DIR
 */
public final class KillableBuild {
    static final AudioConfig AUDIO = new AudioConfig(16000, 4, 3, 900);
    static final ChunkCacheConfig CACHE = new ChunkCacheConfig("int16", 2, 1);

    private KillableBuild() {
    }

    public static void main(String[] args) throws Exception {
        Progress slow = new Progress() {
            @Override
            public void start(String label, long total) {
            }

            @Override
            public void step() {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void message(String line) {
            }

            @Override
            public void close() {
            }
        };
        new CacheBuilder(AUDIO, CACHE, Path.of(args[0]), slow, Map.of()).build(library(Path.of(args[1])), false);
    }

    /** The library: every file under dir, sorted, numbered from 1. */
    static List<Song> library(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return TestLibrary.songs(s.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
