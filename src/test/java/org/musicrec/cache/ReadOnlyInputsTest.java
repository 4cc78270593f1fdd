package org.musicrec.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.AudioConfig;
import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PathRemap;
import org.musicrec.progress.Progress;
import org.musicrec.testing.SharedFixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The player's DB, locked for writing by another connection (as a running Clementine may), is
 * still read; the DB and every music file are byte-identical after build, rerun, stats and clear,
 * and nothing is created beside the music.
 */
class ReadOnlyInputsTest {
    @Test
    void lockedDbIsReadAndInputsStayByteIdentical(@TempDir Path tmp) throws Exception {
        Path music = tmp.resolve("music");
        try (Stream<Path> s = Files.walk(SharedFixtures.clementine().resolve("music"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path to = music.resolve(SharedFixtures.clementine().resolve("music").relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        Path db = Files.copy(SharedFixtures.db(), tmp.resolve("clementine.db"));
        Map<String, String> before = checksums(db, music);
        List<String> warnings = new ArrayList<>();
        Path cacheDir = tmp.resolve("cache");
        AudioConfig audio = new AudioConfig(16000, 4, 2, 900);
        ChunkCacheConfig cfg = new ChunkCacheConfig("int16", 2, 1);

        try (Connection player = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = player.createStatement()) {
                st.execute("PRAGMA busy_timeout=0");
                st.execute("BEGIN EXCLUSIVE"); // holds the write lock until rollback
                st.executeUpdate("UPDATE songs SET title = 'being changed' WHERE rowid = 1");
            }
            LibraryScan scan = new LibraryReader(PathRemap.parse("/music/fixture:" + music), warnings::add).read(db);
            assertEquals(6, scan.songs().size());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("being written")), "the write was in progress: " + warnings);
            assertTrue(scan.songs().stream().noneMatch(x -> x.title().equals("being changed")), "committed state only");
            assertEquals(before, checksums(db, music), "after reading the library");

            BuildSummary s = new CacheBuilder(audio, cfg, cacheDir, Progress.silent(), Map.of()).build(scan.songs(), false);
            assertEquals(6, s.cached(), s.format());
            assertEquals(before, checksums(db, music), "after build-cache");
            new CacheBuilder(audio, cfg, cacheDir, Progress.silent(), Map.of()).build(scan.songs(), true);
            assertEquals(before, checksums(db, music), "after build-cache --retry-failed");
            assertEquals(6, CacheStats.compute(cacheDir, scan.songs()).songs());
            assertEquals(before, checksums(db, music), "after cache-stats");
            CacheCleaner.clear(cacheDir);
            assertEquals(before, checksums(db, music), "after clear-cache");
            try (Statement st = player.createStatement()) {
                st.execute("ROLLBACK");
            }
        }
    }

    /** SHA-256 of the DB and of every file under the music folder (so a new file there shows too). */
    static Map<String, String> checksums(Path db, Path music) throws Exception {
        Map<String, String> m = new TreeMap<>();
        m.put("db", sha256(db));
        try (Stream<Path> s = Files.walk(music)) {
            for (Path f : s.sorted().toList()) {
                m.put(music.relativize(f).toString(), Files.isDirectory(f) ? "dir" : sha256(f));
            }
        }
        return m;
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
