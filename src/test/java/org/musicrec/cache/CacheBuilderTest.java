package org.musicrec.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.AudioConfig;
import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.io.Npy;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PathRemap;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;
import org.musicrec.testing.SharedFixtures;
import org.musicrec.testing.TestLibrary;
import org.musicrec.testing.Wav;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheBuilderTest {
    static final AudioConfig SMALL = new AudioConfig(16000, 4, 2, 900);

    static ChunkCacheConfig cacheConfig(String dtype, int workers) {
        return new ChunkCacheConfig(dtype, workers, 1);
    }

    static BuildSummary build(Path cacheDir, List<Song> songs, boolean retry) throws Exception {
        return new CacheBuilder(SMALL, cacheConfig("int16", 2), cacheDir, Progress.silent(), Map.of())
                .build(songs, retry);
    }

    @Test
    void fixtureLibraryWithSeedConfigCachesEverySong(@TempDir Path tmp) throws Exception {
        MusicrecConfig cfg = new ConfigLoader().defaults();
        LibraryScan scan = new LibraryReader(PathRemap.parse(SharedFixtures.remap()), w -> { })
                .read(SharedFixtures.db());
        assertEquals(6, scan.songs().size());
        Path cacheDir = tmp.resolve("cache");
        BuildSummary s = new CacheBuilder(cfg.audio(), cfg.chunkCache(), cacheDir, Progress.silent(), Map.of())
                .build(scan.songs(), false);
        assertEquals(6, s.cached(), s.format());
        assertEquals(0, s.failedCount() + s.skippedCount(), s.format());
        assertEquals(6L * (4 * 480000 * 2 + 128), s.bytesWritten());

        ChunkCache cache = ChunkCache.open(cacheDir);
        assertEquals(6, cache.cachedSongs(scan.songs()).size());
        for (Song song : scan.songs()) {
            CacheEntry e = cache.entry(song.rowid()).orElseThrow();
            assertEquals(CacheEntry.Status.CACHED, e.status());
            assertEquals(song.path().toString(), e.path());
            assertTrue(e.file().matches("chunks/[0-9a-f]{2}/" + song.rowid() + "-[0-9a-f]{12}\\.npy"), e.file());
            assertEquals(Files.size(song.path()), e.size());
            // tag length vs container duration
            assertEquals(song.durationSeconds(), e.durationSeconds(), 0.5);
            assertArrayEquals(new long[4], e.offsets());

            Npy.Array a = Npy.read(cacheDir.resolve(e.file()));
            assertEquals(Npy.DType.INT16, a.dtype());
            assertArrayEquals(new int[]{4, 480000}, a.shape());
            short peak = 0;
            for (short v : a.toShorts()) {
                peak = (short) Math.max(peak, Math.abs(v));
            }
            assertEquals(32767, peak, "int16 scale uses the full range");

            float[][] z = cache.load(song.rowid());
            int valid = e.validSamples()[0];
            for (float[] chunk : z) {
                double mean = 0;
                double sq = 0;
                for (int k = 0; k < valid; k++) {
                    mean += chunk[k];
                    sq += chunk[k] * chunk[k];
                }
                mean /= valid;
                assertEquals(0, mean, 1e-3);
                assertEquals(1, Math.sqrt(sq / valid - mean * mean), 1e-3);
                for (int k = valid; k < chunk.length; k++) {
                    if (chunk[k] != 0f) {
                        throw new AssertionError("padding not zero at " + k);
                    }
                }
            }
            float[][] raw = cache.loadRaw(song.rowid());
            double peakRaw = 0;
            for (float[] c : raw) {
                for (float v : c) {
                    peakRaw = Math.max(peakRaw, Math.abs(v));
                }
            }
            assertEquals(e.scale() * 32767, peakRaw, 1e-6);
            assertTrue(peakRaw > 0.05 && peakRaw <= 1.01, "amplitude as decoded: " + peakRaw);
        }
    }

    @Test
    void rerunSkipsUnchangedRecachesChangedAndDropsGoneSongs(@TempDir Path tmp) throws Exception {
        Path lib = tmp.resolve("lib");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(Wav.writeClock(lib.resolve("song" + i + ".wav"), 16000, 12, i));
        }
        Path cacheDir = tmp.resolve("cache");
        List<Song> songs = TestLibrary.songs(files);
        assertEquals(4, build(cacheDir, songs, false).cached());
        Map<Long, CacheEntry> before = byId(cacheDir);

        BuildSummary again = build(cacheDir, songs, false);
        assertEquals(0, again.cached(), again.format());
        assertEquals(4, again.unchanged());
        assertEquals(before, byId(cacheDir));

        // song 1 rewritten (new content), song 2 only touched, song 4 gone from the library
        Wav.writeClock(files.get(0), 16000, 12, 99);
        Files.setLastModifiedTime(files.get(0), FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(files.get(1), FileTime.fromMillis(1_200_000_000_000L));
        Path goneFile = cacheDir.resolve(before.get(4L).file());
        BuildSummary third = build(cacheDir, songs.subList(0, 3), false);
        assertEquals(2, third.cached(), third.format());
        assertEquals(1, third.unchanged());
        assertEquals(1, third.removed());
        assertFalse(Files.exists(goneFile), "cache file of a removed song deleted");
        Map<Long, CacheEntry> after = byId(cacheDir);
        assertEquals(3, after.size());
        assertEquals(1_000_000_000_000L, after.get(1L).mtimeMillis());
        assertEquals(before.get(3L), after.get(3L));
        float[][] newSong1 = ChunkCache.open(cacheDir).loadRaw(1);
        assertEquals(Wav.toPcm(Wav.clock(16000, 12, 99)[100]) / 32768f, newSong1[0][100], 1e-3, "new content cached");
    }

    @Test
    void failuresAreRetriedOnlyWhenAskedOrWhenTheFileChanges(@TempDir Path tmp) throws Exception {
        // one missing file among six: few enough to be a song gone astray, not an unmounted disk
        Path missing = tmp.resolve("lib/missing.wav");
        List<Song> songs = new ArrayList<>(List.of(TestLibrary.song(7, missing)));
        for (int i = 0; i < 5; i++) {
            songs.add(TestLibrary.song(10 + i, Wav.writeClock(tmp.resolve("lib/present" + i + ".wav"), 16000, 3, i)));
        }
        Path cacheDir = tmp.resolve("cache");
        BuildSummary first = build(cacheDir, songs, false);
        assertEquals(Map.of("file not found", 1), first.failed());
        BuildSummary second = build(cacheDir, songs, false);
        assertEquals(0, second.processed());
        assertEquals(1, second.failedEarlier());
        assertTrue(second.format().contains("--retry-failed"), second.format());
        BuildSummary retried = build(cacheDir, songs, true);
        assertEquals(Map.of("file not found", 1), retried.failed());
        Wav.writeClock(missing, 16000, 3, 1);
        assertEquals(1, build(cacheDir, songs, false).cached(), "a failed file that appears is cached");
    }

    @Test
    void dtypesStoreTheSameAudio(@TempDir Path tmp) throws Exception {
        Path f = Wav.writeClock(tmp.resolve("a.wav"), 22050, 10, 3);
        List<Song> songs = List.of(TestLibrary.song(1, f));
        Map<String, float[][]> raw = new java.util.HashMap<>();
        for (String dtype : List.of("int16", "float16", "float32")) {
            Path dir = tmp.resolve("cache-" + dtype);
            new CacheBuilder(SMALL, cacheConfig(dtype, 1), dir, Progress.silent(), Map.of()).build(songs, false);
            ChunkCache c = ChunkCache.open(dir);
            assertEquals(Npy.DType.valueOf(dtype.toUpperCase()), Npy.read(dir.resolve(c.entry(1).orElseThrow().file())).dtype());
            raw.put(dtype, c.loadRaw(1));
            // one chunk alone (what training reads) is the same as that chunk of the whole song, normalisation included
            float[][] all = c.load(1);
            assertEquals(all.length, c.chunkCount(1));
            for (int i = 0; i < all.length; i++) {
                assertArrayEquals(all[i], c.loadChunk(1, i), dtype + " chunk " + i);
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 32000; k += 7) {
                float ref = raw.get("float32")[i][k];
                assertEquals(ref, raw.get("int16")[i][k], 1e-4);
                assertEquals(ref, raw.get("float16")[i][k], 1e-3);
            }
        }
    }

    @Test
    void changedParamsRecache(@TempDir Path tmp) throws Exception {
        Path f = Wav.writeClock(tmp.resolve("a.wav"), 16000, 10, 3);
        List<Song> songs = List.of(TestLibrary.song(1, f));
        Path dir = tmp.resolve("cache");
        build(dir, songs, false);
        BuildSummary s = new CacheBuilder(new AudioConfig(16000, 2, 2, 900), cacheConfig("int16", 1), dir,
                Progress.silent(), Map.of()).build(songs, false);
        assertEquals(1, s.cached(), "chunk count changed: re-cached");
        assertEquals(2, ChunkCache.open(dir).loadRaw(1).length);
    }

    @Test
    void aSecondBuildOnTheSameCacheIsRefusedWhileOneRuns(@TempDir Path tmp) throws Exception {
        Path f = Wav.writeClock(tmp.resolve("a.wav"), 16000, 3, 1);
        Path dir = tmp.resolve("cache");
        build(dir, List.of(TestLibrary.song(1, f)), false);
        try (CacheLock running = CacheLock.acquire(new CacheLayout(dir), "build the cache")) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> build(dir, List.of(TestLibrary.song(1, f)), true));
            assertTrue(e.getMessage().contains("another build-cache or clear-cache"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> CacheCleaner.clear(dir));
        }
        assertEquals(1, build(dir, List.of(TestLibrary.song(1, f)), true).unchanged(), "usable again after release");
    }

    @Test
    void readersRefuseACacheMadeWithOtherSettingsUntilItIsRebuilt(@TempDir Path tmp) throws Exception {
        List<Song> songs = List.of(TestLibrary.song(1, Wav.writeClock(tmp.resolve("lib/a.wav"), 22050, 6, 1)),
                TestLibrary.song(2, Wav.writeClock(tmp.resolve("lib/b.wav"), 22050, 6, 2)));
        Path dir = tmp.resolve("cache");
        build(dir, songs, false);
        CacheParams made = CacheParams.of(SMALL, cacheConfig("int16", 2));
        assertEquals(2, ChunkCache.open(dir).cachedSongs(songs, made).size());

        AudioConfig other = new AudioConfig(22050, 4, 2, 900);   // the user changed audio.sample_rate
        CacheParams asked = CacheParams.of(other, cacheConfig("int16", 2));
        var e = org.junit.jupiter.api.Assertions.assertThrows(ChunkCache.CacheSettingsException.class,
                () -> ChunkCache.open(dir).cachedSongs(songs, asked));
        assertTrue(e.getMessage().contains("sr=16000") && e.getMessage().contains("sr=22050")
                && e.getMessage().contains("run build-cache"), e.getMessage());

        BuildSummary rebuilt = new CacheBuilder(other, cacheConfig("int16", 2), dir, Progress.silent(), Map.of()).build(songs, false);
        assertEquals(2, rebuilt.cached(), "build-cache re-decodes at the new settings");
        assertEquals(2, ChunkCache.open(dir).cachedSongs(songs, asked).size());
        assertEquals(2 * 22050, ChunkCache.open(dir).loadRaw(1)[0].length);
    }

    static Map<Long, CacheEntry> byId(Path cacheDir) throws Exception {
        Map<Long, CacheEntry> m = new java.util.TreeMap<>();
        CacheIndex.readAll(cacheDir.resolve(CacheLayout.INDEX)).forEach(e -> m.put(e.songId(), e));
        return m;
    }
}
