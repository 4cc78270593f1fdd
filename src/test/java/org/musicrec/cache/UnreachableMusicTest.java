package org.musicrec.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.library.Song;
import org.musicrec.testing.TestLibrary;
import org.musicrec.testing.Wav;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A music folder that cannot be reached (a USB disk or share not mounted, a folder renamed) must not
 * cost the cache: fault injection by renaming the whole library and one album folder in the middle.
 */
class UnreachableMusicTest {
    @TempDir
    Path tmp;

    /** Ten songs: two in album A, six in album B, two in album C. */
    private List<Song> library() throws Exception {
        List<Song> songs = new ArrayList<>();
        String[] albums = {"A", "A", "B", "B", "B", "B", "B", "B", "C", "C"};
        for (int i = 0; i < albums.length; i++) {
            Path f = Wav.writeClock(tmp.resolve("music/" + albums[i] + "/song" + i + ".wav"), 16000, 5, i);
            songs.add(TestLibrary.song(i + 1, f));
        }
        return songs;
    }

    private BuildSummary build(List<Song> songs, Set<Long> keep) throws Exception {
        return new CacheBuilder(CacheBuilderTest.SMALL, CacheBuilderTest.cacheConfig("int16", 2), tmp.resolve("cache"),
                org.musicrec.progress.Progress.silent(), Map.of()).build(songs, keep, false);
    }

    /** Every file of the cache folder with its bytes: what "nothing changed" is checked against. */
    private Map<String, byte[]> cacheFiles() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(tmp.resolve("cache"))) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(tmp.resolve("cache").relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }

    @Test
    void unmountedLibraryStopsBeforeChangingAnythingAndNamesTheFolder() throws Exception {
        List<Song> songs = library();
        assertEquals(10, build(songs, Set.of()).cached());
        Map<String, CacheEntry> entries = entries();
        Map<String, byte[]> files = cacheFiles();

        Path music = tmp.resolve("music");
        Files.move(music, tmp.resolve("music-unmounted"));
        LibraryUnreachableException e = assertThrows(LibraryUnreachableException.class, () -> build(songs, Set.of()));
        assertTrue(e.getMessage().startsWith(music + ": 0 of 10 files reachable"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing changed; is it mounted?"), e.getMessage());
        assertEquals(entries, entries());
        assertSameFiles(files, cacheFiles());

        // mounted again: everything is as it was, nothing is decoded again
        Files.move(tmp.resolve("music-unmounted"), music);
        BuildSummary again = build(songs, Set.of());
        assertEquals(0, again.processed(), again.format());
        assertEquals(10, again.unchanged());
    }

    @Test
    void aRenamedAlbumFolderInTheMiddleStopsTheBuildAndIsNamed() throws Exception {
        List<Song> songs = library();
        build(songs, Set.of());
        Map<String, byte[]> files = cacheFiles();
        Path albumB = tmp.resolve("music/B");
        Files.move(albumB, tmp.resolve("music/B (old)"));
        LibraryUnreachableException e = assertThrows(LibraryUnreachableException.class, () -> build(songs, Set.of()));
        assertTrue(e.getMessage().startsWith(albumB + ": 0 of 6 files reachable (6 of the library's 10 songs"), e.getMessage());
        assertTrue(e.getMessage().contains("--remap"), "a renamed folder suggests the remap: " + e.getMessage());
        assertSameFiles(files, cacheFiles());
    }

    @Test
    void aFewUnreachableFilesKeepTheirCacheEntries() throws Exception {
        List<Song> songs = library();
        build(songs, Set.of());
        Map<String, CacheEntry> entries = entries();
        Map<String, byte[]> files = cacheFiles();
        Path away = tmp.resolve("away.wav");
        Files.move(songs.get(9).path(), away);   // 1 of 10: below the share that stops the build

        BuildSummary s = build(songs, Set.of());
        assertEquals(1, s.keptUnreachable(), s.format());
        assertEquals(0, s.failedCount(), s.format());
        assertTrue(s.format().contains("kept:      1"), s.format());
        assertEquals(entries, entries(), "the unreachable song's entry is kept as it was");
        assertSameFiles(files, cacheFiles());

        Files.move(away, songs.get(9).path());
        BuildSummary back = build(songs, Set.of());
        assertEquals(0, back.processed(), "the file came back unchanged: nothing to decode. " + back.format());
    }

    @Test
    void aSongThePlayerFlagsUnavailableKeepsItsEntryWhileAGoneSongIsDropped() throws Exception {
        List<Song> songs = library();
        build(songs, Set.of());
        Song flagged = songs.get(2);
        Song deleted = songs.get(3);
        List<Song> available = songs.stream().filter(x -> x != flagged && x != deleted).toList();

        BuildSummary s = build(available, Set.of(flagged.rowid()));
        assertEquals(1, s.removed(), "only the song gone from the DB is dropped. " + s.format());
        Map<String, CacheEntry> after = entries();
        assertTrue(after.containsKey(flagged.path().toString()));
        assertTrue(Files.isRegularFile(tmp.resolve("cache").resolve(after.get(flagged.path().toString()).file())));
        assertEquals(9, after.size());
    }

    @Test
    void aRunInWhichEverySongFailedSaysSo() throws Exception {
        List<Song> songs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path f = tmp.resolve("music/broken" + i + ".mp3");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "not audio at all ".repeat(100 + i));
            songs.add(TestLibrary.song(i + 1, f));
        }
        BuildSummary s = build(songs, Set.of());
        assertEquals(3, s.failedCount(), s.format());
        assertTrue(s.everySongFailed());
        songs.add(TestLibrary.song(9, Wav.writeClock(tmp.resolve("music/good.wav"), 16000, 5, 1)));
        assertTrue(!build(songs, Set.of()).everySongFailed(), "one usable song is a partial success");
    }

    private Map<String, CacheEntry> entries() throws Exception {
        Map<String, CacheEntry> m = new TreeMap<>();
        CacheIndex.readAll(tmp.resolve("cache").resolve(CacheLayout.INDEX)).forEach(e -> m.put(e.path(), e));
        return m;
    }
}
