package org.musicrec.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds a small demo (8 songs of 3–4 s, every format) once and checks files, tags, DB and CSVs. */
class DemoLibraryTest {
    private static final DemoOptions SMALL = new DemoOptions(8, 3, 4, 7, 0.6, 0.3, List.of(AudioFormat.values()), 2);

    @TempDir
    static Path tmp;
    static DemoResult result;
    static List<SongPlan> plans;
    static final List<Integer> progress = new ArrayList<>();

    @BeforeAll
    static void build() throws IOException {
        plans = LibraryPlanner.plan(SMALL);
        result = DemoLibrary.create(tmp.resolve("demo"), SMALL, (done, total, song) -> progress.add(done));
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + result.database());
    }

    @Test
    void reportsCountsAndProgress() {
        assertEquals(8, result.songs());
        assertEquals(5, result.rated()); // round(0.6 · 8)
        assertFalse(result.reused());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), progress);
        assertTrue(Files.isRegularFile(result.dir().resolve(DemoLibrary.MARKER)));
    }

    @Test
    void layoutIsArtistAlbumTrackTitleWithoutLeftoverTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(result.musicDir())) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertEquals(8, all.size(), "only the songs, no temp files: " + all);
            for (Path f : all) {
                Path rel = result.musicDir().relativize(f);
                assertEquals(3, rel.getNameCount(), rel.toString());
                assertTrue(rel.getFileName().toString().matches("\\d\\d - .+\\.(mp3|ogg|flac|m4a|opus)"), rel.toString());
            }
        }
        assertTrue(Files.isDirectory(result.musicDir().resolve("Café Tacvba #2")));
    }

    @Test
    void databaseHasClementineSchemaAndDirectories() throws SQLException {
        try (Connection c = db(); Statement st = c.createStatement()) {
            Set<String> tables = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.containsAll(Set.of("songs", "directories", "subdirectories", "schema_version",
                    "playlists", "songs_fts")), tables.toString());
            // Clementine's search index: one row per song, docid = songs.rowid (queried by Clementine
            // with its own tokenizer, so here only the content table is read).
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM songs_fts_content f JOIN songs s"
                    + " ON s.rowid = f.docid AND s.title = f.c0ftstitle AND s.artist = f.c2ftsartist")) {
                assertTrue(rs.next());
                assertEquals(8, rs.getInt(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'songs_fts'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("tokenize=unicode\n"), rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT version FROM schema_version")) {
                assertTrue(rs.next());
                assertEquals(51, rs.getInt(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT rowid, path, subdirs FROM directories")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                assertEquals(result.musicDir().toString(), rs.getString(2));
                assertFalse(rs.next());
            }
            Set<String> subdirs = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT directory, path, mtime FROM subdirectories")) {
                while (rs.next()) {
                    assertEquals(1, rs.getInt(1));
                    assertTrue(rs.getLong(3) > 0);
                    subdirs.add(rs.getString(2));
                }
            }
            Set<String> expected = new HashSet<>();
            expected.add(result.musicDir().toString());
            for (SongPlan p : plans) {
                Path album = result.musicDir().resolve(p.relativePath()).getParent();
                expected.add(album.toString());
                expected.add(album.getParent().toString());
            }
            assertEquals(expected, subdirs);
        }
    }

    @Test
    void schemaIsIdenticalToTheRealClementineDb() throws SQLException {
        Path fixture = Path.of(System.getProperty("musicrec.shared", "../shared"), "fixtures/clementine/clementine.db");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(fixture), "fixture not found: " + fixture);
        assertEquals(schema("jdbc:sqlite:file:" + fixture.toAbsolutePath() + "?mode=ro"),
                schema("jdbc:sqlite:" + result.database()));
    }

    private static Map<String, String> schema(String url) throws SQLException {
        Map<String, String> m = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master")) {
            while (rs.next()) {
                m.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3) + ": " + rs.getString(4));
            }
        }
        return m;
    }

    @Test
    void songRowsAreEncodedAsClementineDoes() throws SQLException, IOException {
        Map<String, SongPlan> byPath = plans.stream().collect(Collectors.toMap(
                p -> result.musicDir().resolve(p.relativePath()).toString(), p -> p));
        int rows = 0;
        try (Connection c = db(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT typeof(filename), filename, title, artist, album, genre, year, track,"
                     + " length, filetype, rating, typeof(rating), filesize, mtime, ctime, unavailable, bpm, directory,"
                     + " samplerate, effective_albumartist, typeof(genre) FROM songs ORDER BY rowid")) {
            while (rs.next()) {
                rows++;
                assertEquals("blob", rs.getString(1));
                Path file = ClementineUrl.decode(new String(rs.getBytes(2), StandardCharsets.UTF_8));
                assertTrue(Files.isRegularFile(file), "filename decodes to an existing file: " + file);
                SongPlan p = byPath.get(file.toString());
                assertEquals(p.title(), rs.getString(3));
                assertEquals(p.artist(), rs.getString(4));
                assertEquals(p.album(), rs.getString(5));
                assertEquals(p.genreTag(), rs.getString(6));
                assertEquals("text", rs.getString(21)); // untagged is '' not NULL
                assertEquals(p.year(), rs.getInt(7));
                assertEquals(p.track(), rs.getInt(8));
                assertEquals(Math.round(p.durationSeconds() * 1000) * 1_000_000L, rs.getLong(9));
                assertEquals(p.format().clementineFiletype(), rs.getInt(10));
                double rating = rs.getDouble(11);
                assertEquals(p.rating(), rating, 1e-9);
                if (rating == -1 || rating == 1) {
                    assertEquals("integer", rs.getString(12)); // INTEGER affinity, as in the fixture
                } else {
                    assertEquals("real", rs.getString(12));
                }
                assertEquals(Files.size(file), rs.getLong(13));
                assertEquals(Files.getLastModifiedTime(file).toMillis() / 1000, rs.getLong(14));
                assertTrue(rs.getLong(15) > 0);
                assertEquals(0, rs.getInt(16));
                assertEquals(-1.0, rs.getDouble(17));
                assertEquals(1, rs.getInt(18));
                assertEquals(p.sampleRate(), rs.getInt(19));
                assertEquals(p.artist(), rs.getString(20));
            }
        }
        assertEquals(8, rows);
        try (Connection c = db(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM songs WHERE CAST(filename AS TEXT) LIKE '%Caf%C3%A9%20Tacvba%20%232%'")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) > 0, "the '#' and 'é' of the artist folder are percent-encoded");
        }
    }

    @Test
    void filesDecodeToTheirDurationAndCarryTheirTags() throws IOException {
        Set<String> codecs = new HashSet<>();
        for (SongPlan p : plans) {
            DecodedFile d = DecodedFile.read(result.musicDir().resolve(p.relativePath()));
            codecs.add(d.codec());
            String what = p.relativePath() + " " + d;
            assertEquals(p.durationSeconds(), d.seconds(), 0.5, what);
            assertEquals(p.sampleRate(), d.sampleRate(), what);
            assertEquals(p.channels(), d.channels(), what);
            assertEquals(p.title(), d.tags().get("title"), what);
            assertEquals(p.artist(), d.tags().get("artist"), what);
            assertEquals(p.album(), d.tags().get("album"), what);
            assertEquals(p.genreTag().isEmpty() ? null : p.genreTag(), d.tags().get("genre"), what);
            assertEquals(Integer.toString(p.year()), d.tags().get("date"), what);
            assertEquals(p.track(), Integer.parseInt(d.tags().get("track").split("/")[0]), what);
        }
        assertTrue(codecs.containsAll(Set.of("mp3float", "vorbis", "flac", "aac", "opus")), codecs.toString());
    }

    @Test
    void truthCsvHasEverySongItsStarsAndItsSound() throws IOException {
        List<String> lines = Files.readAllLines(result.truth(), StandardCharsets.UTF_8);
        assertEquals("path,stars,bpm,mode,level_db", lines.get(0));
        assertEquals(9, lines.size());
        var truth = org.musicrec.eval.TruthFile.readAll(result.truth());
        assertEquals(8, truth.size());
        for (SongPlan p : plans) {
            Path path = result.musicDir().resolve(p.relativePath()).toAbsolutePath().normalize();
            assertTrue(Files.isRegularFile(path), path.toString());
            var t = truth.get(path);
            assertEquals(p.truthStars(), t.stars(), 0.005, path.toString());
            assertEquals(p.bpm(), t.bpm(), 1e-3);
            assertEquals(p.minor(), t.minor());
            assertEquals(p.levelDb(), t.levelDb(), 1e-3);
        }
    }

    @Test
    void secondCallReusesTheCompleteDemo() throws IOException {
        Path any = result.musicDir().resolve(plans.get(0).relativePath());
        FileTime before = Files.getLastModifiedTime(any);
        DemoResult again = DemoLibrary.create(result.dir(), SMALL, ProgressListener.NONE);
        assertTrue(again.reused());
        assertEquals(before, Files.getLastModifiedTime(any));
    }

    @Test
    void interruptedBuildResumesAndRemakesOnlyWhatIsMissing(@TempDir Path dir) throws IOException {
        DemoOptions tiny = new DemoOptions(3, 1, 1.5, 11, 0.6, 0.0, List.of(AudioFormat.FLAC, AudioFormat.MP3), 1);
        DemoResult first = DemoLibrary.create(dir, tiny, ProgressListener.NONE);
        List<SongPlan> tinyPlans = LibraryPlanner.plan(tiny);
        Path kept = first.musicDir().resolve(tinyPlans.get(0).relativePath());
        Path lost = first.musicDir().resolve(tinyPlans.get(1).relativePath());
        FileTime keptTime = Files.getLastModifiedTime(kept);
        // Simulate a kill mid-way: no marker, one file missing, a stale temp file.
        Files.delete(dir.resolve(DemoLibrary.MARKER));
        Files.delete(lost);
        Path stale = lost.resolveSibling("." + lost.getFileName() + ".123.1.tmp");
        Files.writeString(stale, "half");
        AtomicInteger rendered = new AtomicInteger();
        DemoResult second = DemoLibrary.create(dir, tiny, (d, t, s) -> rendered.incrementAndGet());
        assertFalse(second.reused());
        assertEquals(3, rendered.get());
        assertTrue(Files.isRegularFile(lost));
        assertFalse(Files.exists(stale));
        assertEquals(keptTime, Files.getLastModifiedTime(kept), "finished files are kept");
    }

    @Test
    void refusesAFolderThatIsNotADemo(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("my-thesis.txt"), "precious");
        IOException e = assertThrows(IOException.class, () -> DemoLibrary.create(dir, SMALL, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("my-thesis.txt")));
    }
}
