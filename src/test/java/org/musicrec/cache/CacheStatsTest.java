package org.musicrec.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.library.Song;
import org.musicrec.testing.TestLibrary;
import org.musicrec.testing.Wav;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheStatsTest {
    @Test
    void countsSongsChunksBytesFailuresAndStaleEntries(@TempDir Path tmp) throws Exception {
        Path lib = tmp.resolve("lib");
        Song a = TestLibrary.song(1, Wav.writeClock(lib.resolve("a.wav"), 16000, 5, 1));
        Song b = TestLibrary.song(2, Wav.writeClock(lib.resolve("b.wav"), 16000, 5, 2));
        Song c = TestLibrary.song(3, Wav.writeClock(lib.resolve("c.wav"), 16000, 5, 3));
        Song d = TestLibrary.song(6, Wav.writeClock(lib.resolve("d.wav"), 16000, 5, 6));
        Song f = TestLibrary.song(7, Wav.writeClock(lib.resolve("f.wav"), 16000, 5, 7));
        // one file missing of six: few enough to be a lost file, not an unmounted disk (which stops the build)
        Song missing = TestLibrary.song(4, lib.resolve("missing.wav"));
        Path dir = tmp.resolve("cache");
        CacheBuilderTest.build(dir, List.of(a, b, c, d, f, missing), false);

        CacheStats fresh = CacheStats.compute(dir, List.of(a, b, c, d, f, missing));
        assertEquals(5, fresh.songs());
        assertEquals(20, fresh.chunks());
        assertEquals(Map.of("file not found", 1), fresh.failed());
        assertEquals(0, fresh.stale());
        long expectedBytes = Files.size(dir.resolve("index.db")) + 5L * (4 * 32000 * 2 + 128);
        assertEquals(expectedBytes, fresh.bytesOnDisk());

        Files.setLastModifiedTime(b.path(), FileTime.fromMillis(1_500_000_000_000L));
        Song newcomer = TestLibrary.song(5, Wav.writeClock(lib.resolve("e.wav"), 16000, 5, 5));
        CacheStats later = CacheStats.compute(dir, List.of(b, c, d, f, missing, newcomer));
        assertEquals(2, later.stale(), "song 1 gone from the library, song 2 changed");
        assertEquals(1, later.notCached());
        assertTrue(later.format().contains("5 songs, 20 chunks"), later.format());
        assertTrue(later.format().contains("file not found"), later.format());
    }
}
