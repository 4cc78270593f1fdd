package org.musicrec.cache;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.AudioConfig;
import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;
import org.musicrec.testing.SharedFixtures;
import org.musicrec.testing.TestLibrary;
import org.musicrec.testing.Wav;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A library of good files mixed with every kind of bad input: each bad file is cached or reported
 * with its own reason, and the good files' cache is exactly what a library of only good files gives.
 */
class BadInputTest {
    static final AudioConfig AUDIO = new AudioConfig(16000, 4, 2, 45);
    static final ChunkCacheConfig CACHE = new ChunkCacheConfig("int16", 2, 1);

    @TempDir
    static Path tmp;
    static Map<String, Song> songs = new LinkedHashMap<>();
    static List<Song> good = new ArrayList<>();
    static BuildSummary summary;
    static ChunkCache cache;

    @BeforeAll
    static void buildMixedLibrary() throws Exception {
        Path lib = tmp.resolve("lib");
        Files.createDirectories(lib);
        long id = 1;
        for (String ext : List.of("mp3", "ogg", "flac", "m4a")) {
            Path f = Files.copy(SharedFixtures.music(ext), lib.resolve("good." + ext));
            good.add(add("good " + ext, TestLibrary.song(id++, f)));
        }
        good.add(add("good opus", TestLibrary.song(id++, Files.copy(SharedFixtures.clock40("opus"), lib.resolve("good.opus")))));

        byte[] mp3 = Files.readAllBytes(SharedFixtures.clock40("mp3"));
        add("truncated mp3", TestLibrary.song(id++, write(lib.resolve("truncated.mp3"), Arrays.copyOf(mp3, mp3.length * 2 / 5))));
        byte[] noise = new byte[64 * 1024];
        new Random(5).nextBytes(noise);
        add("random bytes", TestLibrary.song(id++, write(lib.resolve("random.mp3"), noise)));
        add("zero bytes", TestLibrary.song(id++, write(lib.resolve("empty.mp3"), new byte[0])));
        add("text", TestLibrary.song(id++, write(lib.resolve("notes.mp3"),
                "These are not the songs you are looking for.\n".repeat(50).getBytes(StandardCharsets.UTF_8))));
        add("missing", TestLibrary.song(id++, lib.resolve("gone.mp3")));
        add("too long", TestLibrary.song(id++, Wav.writeClock(lib.resolve("long.wav"), 8000, 50, 2)));
        Path surround = lib.resolve("surround.wav");
        int frames = 48000 * 3;
        float[] x = new float[frames * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * (220 + 110 * (i % 6)) * (i / 6) / 48000.0));
        }
        Wav.write(surround, 48000, 6, x);
        add("6ch 48k", TestLibrary.song(id++, surround));
        Path odd = lib.resolve("Café #1/Söng & Co 100%.flac");
        Files.createDirectories(odd.getParent());
        add("non-ascii", TestLibrary.song(id++, Files.copy(SharedFixtures.music("flac"), odd)));

        summary = new CacheBuilder(AUDIO, CACHE, tmp.resolve("cache"), Progress.silent(), Map.of())
                .build(List.copyOf(songs.values()), false);
        cache = ChunkCache.open(tmp.resolve("cache"));
    }

    static Song add(String name, Song s) {
        songs.put(name, s);
        return s;
    }

    static Path write(Path p, byte[] b) throws Exception {
        return Files.write(p, b);
    }

    static CacheEntry entry(String name) {
        return cache.entry(songs.get(name).rowid()).orElseThrow();
    }

    @Test
    void summaryCountsEveryFileOnce() {
        assertEquals(songs.size(), summary.processed(), summary.format());
        assertEquals(8, summary.cached(), summary.format());
        assertEquals(Map.of("longer than max_duration 45 s", 1), summary.skipped());
        assertEquals(4, summary.failedCount(), summary.format());
        assertEquals(1, summary.truncated(), summary.format());
        assertEquals(6, summary.problems().size(), "skipped, failed and truncated: " + summary.problems());
    }

    @Test
    void truncatedMp3IsCachedWithTheDurationItReallyHas() throws Exception {
        CacheEntry e = entry("truncated mp3");
        assertEquals(CacheEntry.Status.CACHED, e.status(), e.detail());
        // the header says 40 s; the stream ends at ~16 s: chunks are planned over what decodes
        assertEquals("decoded", e.durationSource());
        assertEquals(16, e.durationSeconds(), 1.5);
        assertEquals(e.durationSeconds() * 16000, e.offsets()[3] + 32000, 1);
        String named = songs.get("truncated mp3").path() + ": truncated: the header says 40 s, ";
        assertTrue(summary.problems().stream().anyMatch(l -> l.startsWith(named)), summary.problems().toString());
        assertTrue(summary.format().contains("1 of them truncated files"), summary.format());
    }

    @Test
    void randomBytesFailAsCorrupt() {
        CacheEntry e = entry("random bytes");
        assertEquals(CacheEntry.Status.FAILED, e.status());
        assertTrue(e.reason().startsWith("corrupt or unsupported audio"), e.reason());
    }

    @Test
    void zeroByteFileFailsAsEmpty() {
        assertEquals("empty file", entry("zero bytes").reason());
        assertEquals(CacheEntry.Status.FAILED, entry("zero bytes").status());
    }

    @Test
    void textFileFails() {
        CacheEntry e = entry("text");
        assertEquals(CacheEntry.Status.FAILED, e.status());
        assertTrue(e.reason().startsWith("corrupt or unsupported audio") || e.reason().equals("no audio stream"),
                e.reason());
    }

    @Test
    void missingFileFailsAsNotFound() {
        assertEquals(CacheEntry.Status.FAILED, entry("missing").status());
        assertEquals("file not found", entry("missing").reason());
    }

    @Test
    void tooLongIsSkippedWithItsLength() {
        CacheEntry e = entry("too long");
        assertEquals(CacheEntry.Status.SKIPPED, e.status());
        assertEquals("longer than max_duration 45 s (50 s)", e.detail());
        assertEquals(50, e.durationSeconds(), 0.01);
    }

    @Test
    void sixChannel48kIsCachedAsMono16k() throws Exception {
        CacheEntry e = entry("6ch 48k");
        assertEquals(CacheEntry.Status.CACHED, e.status(), e.detail());
        assertEquals(3.0, e.durationSeconds(), 0.01);
        assertArrayEquals(new long[]{0, 5333, 10666, 16000}, e.offsets());
        assertEquals(4, cache.loadRaw(e.songId()).length);
    }

    @Test
    void nonAsciiPathWithSpacesAndHashIsCachedLikeThePlainCopy() throws Exception {
        CacheEntry e = entry("non-ascii");
        assertEquals(CacheEntry.Status.CACHED, e.status(), e.detail());
        assertTrue(e.path().endsWith("Café #1/Söng & Co 100%.flac"), e.path());
        float[][] odd = cache.loadRaw(e.songId());
        float[][] plain = cache.loadRaw(songs.get("good flac").rowid());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(plain[i], odd[i]);
        }
    }

    @Test
    void goodFilesAreCachedExactlyAsWithoutTheBadOnes() throws Exception {
        Path clean = tmp.resolve("clean-cache");
        new CacheBuilder(AUDIO, CACHE, clean, Progress.silent(), Map.of()).build(good, false);
        ChunkCache ref = ChunkCache.open(clean);
        for (Song s : good) {
            CacheEntry e = cache.entry(s.rowid()).orElseThrow();
            assertEquals(CacheEntry.Status.CACHED, e.status(), s.path() + ": " + e.detail());
            assertArrayEquals(Files.readAllBytes(clean.resolve(ref.entry(s.rowid()).orElseThrow().file())),
                    Files.readAllBytes(tmp.resolve("cache").resolve(e.file())), s.path().toString());
        }
    }

    @Test
    void problemLinesNameTheFileAndTheReason() {
        String missing = songs.get("missing").path() + ": file not found";
        assertTrue(summary.problems().contains(missing), summary.problems().toString());
    }
}
