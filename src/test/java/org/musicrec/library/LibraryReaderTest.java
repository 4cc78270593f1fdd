package org.musicrec.library;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.TestPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryReaderTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private LibraryScan read(Path db) {
        return new LibraryReader(PathRemap.parse(TestPaths.fixtureRemap()), warnings::add).read(db);
    }

    private Path copyOf(String fixture) throws IOException {
        Path src = TestPaths.shared().resolve("fixtures").resolve(fixture);
        Path dst = tmp.resolve(src.getFileName());
        Files.copy(src, dst);
        dst.toFile().setWritable(true);
        return dst;
    }

    @Test
    void readsTheRealClementineFixture() throws Exception {
        Path db = TestPaths.clementineFixture().resolve("clementine.db");
        byte[] before = sha256(db);
        LibraryScan scan = read(db);
        assertEquals(PlayerFlavour.CLEMENTINE, scan.flavour());
        assertEquals(6, scan.songs().size());
        Map<Long, Song> byId = scan.songs().stream().collect(Collectors.toMap(Song::rowid, s -> s));
        assertEquals(5.0, byId.get(5L).stars());   // stored as integer 1
        assertEquals(4.0, byId.get(6L).stars());   // 0.8
        assertEquals(2.5, byId.get(2L).stars());   // half star
        assertEquals(1.0, byId.get(3L).stars());
        assertEquals(-1.0, byId.get(4L).stars());
        assertFalse(byId.get(1L).isRated());
        assertEquals("Hip-Hop/Rap", byId.get(4L).genre());
        assertEquals("", byId.get(1L).genre());
        assertEquals(8.0, byId.get(3L).durationSeconds(), 1e-9);
        assertEquals(1795634426L, byId.get(1L).mtime());
        for (Song s : scan.songs()) {
            assertTrue(Files.isRegularFile(s.path()), "remapped path exists: " + s.path());
        }
        assertEquals(4, scan.ratedCount());
        assertEquals(1, scan.musicFolders().size(), "the folder the player scans (directories table)");
        assertTrue(scan.songs().get(0).path().startsWith(scan.musicFolders().get(0)), scan.musicFolders().toString());
        assertArrayEquals(before, sha256(db), "DB unchanged");
        assertNoSidecars(db);
    }

    @Test
    void readsTheRealStrawberryFixtureWithTheSameSongs() {
        LibraryScan straw = read(TestPaths.shared().resolve("fixtures/strawberry/strawberry.db"));
        LibraryScan clem = read(TestPaths.clementineFixture().resolve("clementine.db"));
        assertEquals(PlayerFlavour.STRAWBERRY, straw.flavour());
        assertEquals(clem.songs().stream().map(Song::path).toList(), straw.songs().stream().map(Song::path).toList());
        assertEquals(clem.songs().stream().map(Song::stars).toList(), straw.songs().stream().map(Song::stars).toList());
        assertEquals(clem.musicFolders(), straw.musicFolders());
    }

    @Test
    void skipsUnavailableRowsAndDecodesNonAsciiUrls() throws Exception {
        Path db = copyOf("clementine/clementine.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE songs SET unavailable = 1 WHERE rowid = 1");
            try (PreparedStatement ps = c.prepareStatement("UPDATE songs SET filename = ? WHERE rowid = 2")) {
                ps.setBytes(1, "file:///elsewhere/Caf%C3%A9%20%231/100%25%20S%C3%B6ng.mp3".getBytes("UTF-8"));
                ps.executeUpdate();
            }
            st.executeUpdate("UPDATE songs SET filename = CAST('http://radio/stream' AS BLOB) WHERE rowid = 3");
        }
        LibraryScan scan = read(db);
        assertEquals(1, scan.unavailable());
        assertEquals(1, scan.problems().size());
        assertTrue(scan.problems().get(0).startsWith("rowid 3:"), scan.problems().toString());
        assertEquals(4, scan.songs().size());
        Song s2 = scan.songs().stream().filter(s -> s.rowid() == 2).findFirst().orElseThrow();
        assertEquals(Path.of("/elsewhere/Café #1/100% Söng.mp3"), s2.path());
    }

    @Test
    void aRowWithACueSheetIsATrackWithItsSpanAndAWholeFileKeepsItsPathAsKey() throws Exception {
        Path db = copyOf("clementine/clementine.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            // as Clementine stores the second track of an image: its start and length in ns, the sheet's plain path
            st.executeUpdate("UPDATE songs SET beginning = 25000000000, length = 30000000000, track = 2,"
                    + " cue_path = '/music/fixture/Album.cue' WHERE rowid = 5");
        }
        LibraryScan scan = read(db);
        Song track = scan.songs().stream().filter(s -> s.rowid() == 5).findFirst().orElseThrow();
        assertEquals(new TrackSpan(25_000_000_000L, 30_000_000_000L, 2,
                PathRemap.parse(TestPaths.fixtureRemap()).apply(Path.of("/music/fixture/Album.cue"))), track.span());
        assertEquals(30.0, track.durationSeconds(), 1e-9);
        assertEquals(25.0, track.span().startSeconds(), 1e-9);
        assertEquals(track.path() + "#t=25,55", track.key());
        for (Song s : scan.songs()) {
            if (s.rowid() != 5) {
                assertEquals(TrackSpan.WHOLE_FILE, s.span(), s.title());
                assertEquals(s.path().toString(), s.key(), "a whole file's key is its path, as before CUE support");
            }
        }
    }

    @Test
    void aSchemaWithoutTheCueColumnsIsReadAsWholeFiles() throws Exception {
        Path db = tmp.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE songs (title TEXT, artist TEXT, album TEXT, year INTEGER, rating INTEGER,"
                    + " genre TEXT, filename TEXT, mtime INTEGER, filesize INTEGER, length INTEGER, unavailable INTEGER)");
            st.execute("INSERT INTO songs VALUES ('T', 'A', 'B', 2000, -1, '', CAST('file:///m/a.flac' AS BLOB), 1, 2,"
                    + " 3000000000, 0)");
        }
        LibraryScan scan = new LibraryReader(PathRemap.NONE, warnings::add).read(db);
        assertEquals(1, scan.songs().size());
        assertEquals(TrackSpan.WHOLE_FILE, scan.songs().get(0).span());
        assertEquals("/m/a.flac", scan.songs().get(0).key());
    }

    @Test
    void readsWhileAnotherConnectionHoldsAWriteLock() throws Exception {
        for (String mode : List.of("IMMEDIATE", "EXCLUSIVE")) {
            Path db = copyOf("clementine/clementine.db");
            try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                writer.setAutoCommit(false);
                try (Statement st = writer.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 0");
                }
                try (Statement st = writer.createStatement()) {
                    // sqlite-jdbc begins transactions itself; end it and take the lock we want.
                    writer.commit();
                    writer.setAutoCommit(true);
                    st.execute("BEGIN " + mode);
                    st.executeUpdate("UPDATE songs SET title = 'changed' WHERE rowid = 1");
                    LibraryScan scan = read(db);
                    assertEquals(6, scan.songs().size(), mode);
                    assertEquals("Fixture Song 5 (electronic)", scan.songs().get(0).title(), "committed state, " + mode);
                    st.execute("ROLLBACK");
                }
            }
            Files.delete(db);
        }
    }

    @Test
    void rejectsFilesThatAreNotPlayerDbs() throws Exception {
        Path text = tmp.resolve("notes.db");
        Files.writeString(text, "hello, this is not a database at all");
        LibraryException e1 = assertThrows(LibraryException.class, () -> read(text));
        assertTrue(e1.getMessage().contains("notes.db") && e1.getMessage().contains("not an SQLite file"), e1.getMessage());

        Path other = tmp.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE things (a TEXT)");
        }
        LibraryException e2 = assertThrows(LibraryException.class, () -> read(other));
        assertTrue(e2.getMessage().contains("no 'songs' table"), e2.getMessage());

        LibraryException e3 = assertThrows(LibraryException.class, () -> read(tmp.resolve("missing.db")));
        assertTrue(e3.getMessage().contains("not found"), e3.getMessage());
    }

    @Test
    void walModeDbIsReadWithoutCreatingSidecars() throws Exception {
        Path db = walCopyOfTheFixture();
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.deleteIfExists(Path.of(db + "-shm"));
        byte[] before = sha256(db);
        assertEquals(6, read(db).songs().size());
        assertArrayEquals(before, sha256(db));
        assertNoSidecars(db);
    }

    @Test
    void aHalfWrittenTransactionIsNeverSeen() throws Exception {
        // The player writes so much in one transaction that SQLite spills changed pages into the DB file
        // before the commit (a tiny page cache): the file itself is half-written, the journal holds the
        // old pages. Reading the file as it is (immutable=1) sees rows that were never committed.
        Path db = copyOf("clementine/clementine.db");
        byte[] before = sha256(db);
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = writer.createStatement()) {
            st.execute("PRAGMA cache_size = 2");
            st.execute("BEGIN EXCLUSIVE");
            for (int i = 0; i < 9; i++) {
                st.executeUpdate("INSERT INTO songs SELECT * FROM songs");   // 6 → 3072 rows, uncommitted
            }
            assertTrue(Files.exists(Path.of(db + "-journal")), "the write is in progress");
            assertFalse(java.util.Arrays.equals(before, sha256(db)), "pages of the open transaction reached the DB file");

            List<String> warnings = new java.util.ArrayList<>();
            LibraryScan scan = new LibraryReader(PathRemap.NONE, warnings::add).read(db);
            assertEquals(6, scan.songs().size(), "the last committed state");
            assertTrue(warnings.stream().anyMatch(w -> w.contains("being written")), warnings.toString());
            st.execute("ROLLBACK");
        }
        assertArrayEquals(before, sha256(db));
    }

    @Test
    void walDbWithShmButNoWalAndCommitsOnlyInTheWalAreReadWithoutNewFiles() throws Exception {
        Path db = walCopyOfTheFixture();
        // a -shm left by a player that closed, no -wal
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.write(Path.of(db + "-shm"), new byte[32768]);
        byte[] dbBefore = sha256(db);
        assertEquals(6, read(db).songs().size());
        assertArrayEquals(dbBefore, sha256(db));
        assertFalse(Files.exists(Path.of(db + "-wal")), "no -wal created beside the DB");

        // a running player: a commit that so far lives only in the -wal must be seen
        try (Connection player = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = player.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = 0");
            st.executeUpdate("UPDATE songs SET title = 'committed in the WAL' WHERE rowid = 1");
            Map<String, byte[]> sums = new java.util.TreeMap<>();
            for (String f : List.of("", "-wal", "-shm")) {
                sums.put(f, sha256(Path.of(db + f)));
            }
            LibraryScan scan = read(db);
            assertTrue(scan.songs().stream().anyMatch(x -> x.title().equals("committed in the WAL")));
            for (String f : List.of("", "-wal", "-shm")) {
                assertArrayEquals(sums.get(f), sha256(Path.of(db + f)), "unchanged: " + db + f);
            }
        }
    }

    /** The Clementine fixture switched to WAL mode, as a player that uses WAL leaves it. */
    private Path walCopyOfTheFixture() throws Exception {
        Path db = copyOf("clementine/clementine.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
        }
        return db;
    }

    private static void assertNoSidecars(Path db) throws IOException {
        try (Stream<Path> files = Files.list(db.getParent())) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            String base = db.getFileName().toString();
            for (String suffix : List.of("-wal", "-shm", "-journal")) {
                assertFalse(names.contains(base + suffix), "created " + base + suffix);
            }
        }
    }

    static byte[] sha256(Path p) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
    }
}
