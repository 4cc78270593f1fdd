package org.musicrec.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.AudioConfig;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;
import org.musicrec.testing.CueImage;
import org.musicrec.testing.TestLibrary;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracks of an album image (CUE sheet) in the chunk cache: each cached from its own span of the image,
 * each its own entry, and a whole file's entry named exactly as before CUE sheets were supported.
 */
class CueTrackCacheTest {
    /** 4 chunks of 10 s: spread over a 25–35 s track, so every chunk's place within it is checked. */
    private static final AudioConfig FOUR_OF_TEN = new AudioConfig(CueImage.RATE, 4, 10, 900);

    @TempDir
    Path tmp;

    private static BuildSummary build(AudioConfig audio, Path cacheDir, List<Song> songs) throws Exception {
        return new CacheBuilder(audio, CacheBuilderTest.cacheConfig("int16", 2), cacheDir, Progress.silent(), Map.of())
                .build(songs, false);
    }

    @Test
    void eachTrackIsCachedFromItsOwnSpanOfTheImage() throws Exception {
        CueImage image = CueImage.create(tmp.resolve("music"));
        List<Song> songs = image.songs(1);
        Path cacheDir = tmp.resolve("cache");
        BuildSummary s = build(FOUR_OF_TEN, cacheDir, songs);
        assertEquals(3, s.cached(), s.format());

        ChunkCache cache = ChunkCache.open(cacheDir);
        for (CueImage.Track t : image.tracks()) {
            Song song = songs.get(t.number() - 1);
            CacheEntry e = cache.entry(song.rowid()).orElseThrow();
            assertEquals(t.seconds(), e.durationSeconds(), 1e-6, "the track's length, not the image's");
            long[] offsets = e.offsets();
            long span = Math.round((t.seconds() - 10) * CueImage.RATE);
            assertEquals(span, offsets[3], "the chunk plan covers the track: its last chunk ends with it");
            float[][] chunks = cache.loadRaw(song.rowid());
            for (int k = 0; k < chunks.length; k++) {
                int valid = e.validSamples()[k];
                assertEquals(10 * CueImage.RATE, valid, "chunk " + k + " lies inside the track");
                float[] want = image.slice(t.startSample() + offsets[k], valid);
                double worst = 0;
                for (int i = 0; i < valid; i++) {
                    worst = Math.max(worst, Math.abs(chunks[k][i] - want[i]));
                }
                // lossless FLAC, cached as int16 with a per-song scale: a sample off would miss by the noise
                assertTrue(worst < 1e-3, "track " + t.number() + " chunk " + k + ": the image's samples at "
                        + (t.startSeconds() + offsets[k] / (double) CueImage.RATE) + " s, off by up to " + worst);
                assertEquals(t.hz(), dominantTone(chunks[k], valid, image), "track " + t.number() + " chunk " + k);
            }
        }
    }

    @Test
    void aTrackShorterThanAChunkIsPaddedWithSilenceNotWithTheNextTrack() throws Exception {
        CueImage image = CueImage.create(tmp.resolve("music"));
        Song first = image.songs(1).get(0);   // 25 s, chunks of 30 s
        Path cacheDir = tmp.resolve("cache");
        build(new AudioConfig(CueImage.RATE, 1, 30, 900), cacheDir, List.of(first));

        ChunkCache cache = ChunkCache.open(cacheDir);
        float[] chunk = cache.loadRaw(first.rowid())[0];
        int valid = cache.entry(first.rowid()).orElseThrow().validSamples()[0];
        assertEquals(25 * CueImage.RATE, valid, "only the track's own 25 s are audio");
        for (int i = valid; i < chunk.length; i++) {
            assertEquals(0f, chunk[i], "sample " + i + " is past the track's end: the second track's audio");
        }
        assertEquals(440.0, dominantTone(chunk, valid, image));
    }

    @Test
    void tracksOfOneImageAreSeparateEntriesEachCurrentWhileTheImageIsUnchanged() throws Exception {
        CueImage image = CueImage.create(tmp.resolve("music"));
        Path single = org.musicrec.testing.Wav.writeClock(tmp.resolve("music/single.wav"), 16000, 12, 3);
        List<Song> songs = new ArrayList<>(image.songs(1));
        songs.add(TestLibrary.song(4, single));
        Path cacheDir = tmp.resolve("cache");
        assertEquals(4, build(FOUR_OF_TEN, cacheDir, songs).cached());

        ChunkCache cache = ChunkCache.open(cacheDir);
        Set<String> keys = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (Song s : songs) {
            CacheEntry e = cache.entry(s.rowid()).orElseThrow();
            assertEquals(s.key(), e.path());
            keys.add(e.path());
            files.add(e.file());
        }
        assertEquals(4, keys.size(), "one key per track: " + keys);
        assertEquals(4, files.size(), "one cache file per track: " + files);
        assertEquals(4, cache.cachedSongs(songs).size());

        BuildSummary again = build(FOUR_OF_TEN, cacheDir, songs);
        assertEquals(4, again.unchanged(), "nothing changed: " + again.format());
        // the image changed (re-ripped, retagged): each of its tracks is decoded again, the other file is not
        Files.setLastModifiedTime(image.audio(), FileTime.fromMillis(Files.getLastModifiedTime(image.audio()).toMillis() + 5000));
        BuildSummary changed = build(FOUR_OF_TEN, cacheDir, songs);
        assertEquals(3, changed.cached(), changed.format());
        assertEquals(1, changed.unchanged(), changed.format());
    }

    @Test
    void aWholeFilesEntryIsNamedAsBeforeSoExistingCachesStayValid() throws Exception {
        Path file = org.musicrec.testing.Wav.writeClock(tmp.resolve("music/a b #1.wav"), 16000, 12, 1);
        Song song = TestLibrary.song(7, file);
        Path cacheDir = tmp.resolve("cache");
        build(FOUR_OF_TEN, cacheDir, List.of(song));

        CacheEntry e = ChunkCache.open(cacheDir).entry(7).orElseThrow();
        // what the release before CUE support wrote: the plain path, and a file named by the path's hash
        assertEquals(file.toString(), e.path());
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(file.toString().getBytes(StandardCharsets.UTF_8)), 0, 6);
        assertEquals("chunks/" + hash.substring(0, 2) + "/7-" + hash + ".npy", e.file());
        assertEquals(1, build(FOUR_OF_TEN, cacheDir, List.of(song)).unchanged(), "found, not decoded again");
    }

    /** Which of the image's tones is strongest in the first {@code n} samples (Goertzel power at each). */
    private static double dominantTone(float[] x, int n, CueImage image) {
        double best = -1;
        double bestHz = Double.NaN;
        for (CueImage.Track t : image.tracks()) {
            double w = 2 * Math.PI * t.hz() / CueImage.RATE;
            double c = 2 * Math.cos(w);
            double s1 = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                double s0 = x[i] + c * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            double power = s1 * s1 + s2 * s2 - c * s1 * s2;
            if (power > best) {
                best = power;
                bestHz = t.hz();
            }
        }
        return bestHz;
    }
}
