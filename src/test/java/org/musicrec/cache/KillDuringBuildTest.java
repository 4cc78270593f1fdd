package org.musicrec.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;
import org.musicrec.testing.SharedFixtures;
import org.musicrec.testing.Wav;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 during build-cache, then rerun: every cache file loads and equals a clean build's; no temp files. */
class KillDuringBuildTest {
    @Test
    void killedBuildResumesToTheSameCacheAsACleanBuild(@TempDir Path tmp) throws Exception {
        Path lib = tmp.resolve("lib");
        for (int i = 0; i < 16; i++) {
            Wav.writeClock(lib.resolve(String.format("%02d.wav", i)), 16000, 15, i);
        }
        for (String ext : List.of("mp3", "ogg", "flac", "m4a")) {
            Files.copy(SharedFixtures.music(ext), lib.resolve("fixture." + ext));
        }
        List<Song> songs = KillableBuild.library(lib);
        assertEquals(20, songs.size());
        Path killed = tmp.resolve("killed");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                KillableBuild.class.getName(), killed.toString(), lib.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (chunkFiles(killed).size() < 4 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "the build must still be running when killed: "
                    + Files.readString(tmp.resolve("child.log")));
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            p.waitFor(30, TimeUnit.SECONDS);
        }
        int indexedAtKill = CacheIndex.readAll(killed.resolve(CacheLayout.INDEX)).size();
        assertTrue(indexedAtKill < 20, "killed mid-build, " + indexedAtKill + " songs indexed");
        // A kill rarely lands inside a write of a few hundred KB; plant what one would leave behind:
        // a half-written temp file beside the last song's future cache file.
        Song last = songs.get(songs.size() - 1);
        Path future = killed.resolve(new CacheLayout(killed).relativeFileFor(last.rowid(), last.key()));
        Files.createDirectories(future.getParent());
        Path halfWritten = future.resolveSibling("." + future.getFileName() + ".999999.1.tmp");
        Files.write(halfWritten, new byte[1000]);

        BuildSummary resumed = new CacheBuilder(KillableBuild.AUDIO, KillableBuild.CACHE, killed, Progress.silent(),
                Map.of()).build(songs, false);
        assertEquals(20, resumed.cached() + resumed.unchanged(), resumed.format());
        assertTrue(resumed.cached() > 0, resumed.format());

        Path clean = tmp.resolve("clean");
        new CacheBuilder(KillableBuild.AUDIO, KillableBuild.CACHE, clean, Progress.silent(), Map.of())
                .build(songs, false);

        ChunkCache a = ChunkCache.open(killed);
        ChunkCache b = ChunkCache.open(clean);
        for (Song s : songs) {
            CacheEntry ea = a.entry(s.rowid()).orElseThrow();
            CacheEntry eb = b.entry(s.rowid()).orElseThrow();
            assertEquals(eb, ea, "index entry of " + s.path());
            assertArrayEquals(Files.readAllBytes(clean.resolve(eb.file())), Files.readAllBytes(killed.resolve(ea.file())),
                    "cache file of " + s.path());
            float[][] x = a.load(s.rowid());
            assertEquals(4, x.length);
        }
        try (Stream<Path> all = Files.walk(killed)) {
            List<Path> leftovers = all.filter(f -> f.getFileName().toString().endsWith(".tmp")
                    || f.getFileName().toString().endsWith("-journal")).toList();
            assertEquals(List.of(), leftovers);
        }
        Set<String> referenced = a.entries().stream().map(CacheEntry::file).collect(Collectors.toCollection(TreeSet::new));
        Set<String> present = chunkFiles(killed).stream().map(f -> killed.relativize(f).toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(referenced, present, "no unreferenced cache files");
    }

    static List<Path> chunkFiles(Path cacheDir) throws Exception {
        return CacheFiles.list(new CacheLayout(cacheDir)).stream().filter(CacheLayout::isChunkFile).toList();
    }

    @Test
    void anIndexCommitCutByAKillIsRolledBackByTheNextReader(@TempDir Path tmp) throws Exception {
        Path lib = tmp.resolve("lib");
        List<Song> songs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            songs.add(org.musicrec.testing.TestLibrary.song(i + 1, Wav.writeClock(lib.resolve(i + ".wav"), 16000, 5, i)));
        }
        Path cache = tmp.resolve("cache");
        new CacheBuilder(KillableBuild.AUDIO, KillableBuild.CACHE, cache, Progress.silent(), Map.of()).build(songs, false);

        // A commit in progress: pages of the open transaction already in the file, the old ones in the journal.
        // A copy of both taken now is exactly what kill -9 (or a power cut) leaves: a hot journal.
        Path crashed = Files.createDirectories(tmp.resolve("crashed"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + cache.resolve(CacheLayout.INDEX));
             var st = c.createStatement()) {
            st.execute("PRAGMA cache_size = 2");
            st.execute("BEGIN EXCLUSIVE");
            for (int i = 0; i < 2000; i++) {
                st.executeUpdate("INSERT INTO meta(key, value) VALUES ('junk" + i + "', '" + "x".repeat(200) + "')");
            }
            Path journal = cache.resolve(CacheLayout.INDEX + "-journal");
            assertTrue(Files.exists(journal), "a commit is under way");
            Files.copy(cache.resolve(CacheLayout.INDEX), crashed.resolve(CacheLayout.INDEX));
            Files.copy(journal, crashed.resolve(CacheLayout.INDEX + "-journal"));
            st.execute("ROLLBACK");
        }
        try (Stream<Path> chunks = Files.list(cache)) {
            for (Path p : chunks.filter(Files::isDirectory).toList()) {
                copyTree(p, crashed.resolve(p.getFileName().toString()));
            }
        }

        assertEquals(3, CacheIndex.readAll(crashed.resolve(CacheLayout.INDEX)).size(), "the committed entries");
        assertEquals("true", CacheIndex.readMeta(crashed.resolve(CacheLayout.INDEX)).get("created_dir"));
        assertTrue(CacheIndex.readMeta(crashed.resolve(CacheLayout.INDEX)).keySet().stream().noneMatch(k -> k.startsWith("junk")));
        assertEquals(3, CacheStats.compute(crashed, songs).songs(), "cache-stats works");
        assertEquals(3, ChunkCache.open(crashed).cachedSongs(songs).size(), "encoder and embed read it");
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
