package org.musicrec.library;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads songs from a Clementine or Strawberry library DB, strictly read-only.
 *
 * <p>The DB may be open in a running player, in the middle of a write. SQLite never opens it: we read
 * a private copy taken at one instant ({@link DbSnapshot}), which SQLite recovers to the last committed
 * state, so no lock makes us wait or fail, no half-written transaction is seen (as {@code immutable=1}
 * would), and no {@code -shm}, {@code -wal} or {@code -journal} file is ever created beside the DB.
 */
public final class LibraryReader {
    private final PathRemap remap;
    private final Consumer<String> warnings;

    public LibraryReader(PathRemap remap, Consumer<String> warnings) {
        this.remap = remap;
        this.warnings = warnings;
    }

    public LibraryScan read(Path db) {
        return withConnection(db, c -> readSongs(c, detect(c, db)));
    }

    /**
     * Rowids of songs whose artist and title contain the given texts (case-insensitive for ASCII),
     * in rowid order. The texts are bound as SQL parameters, with LIKE's wildcards escaped, so any
     * user input is taken literally.
     */
    public List<Long> search(Path db, String artist, String title) {
        return withConnection(db, c -> {
            detect(c, db);
            List<Long> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT rowid FROM songs WHERE artist LIKE ? ESCAPE '\\' "
                    + "AND title LIKE ? ESCAPE '\\' AND COALESCE(unavailable, 0) = 0 ORDER BY rowid")) {
                ps.setString(1, "%" + likeEscape(artist) + "%");
                ps.setString(2, "%" + likeEscape(title) + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Path db, Query<T> q) {
        checkIsSqlite(db);
        try (DbSnapshot snapshot = DbSnapshot.take(db, warnings)) {
            return queryWith(snapshot.file(), q);
        } catch (SQLException e) {
            throw new LibraryException(db + ": cannot read library DB: " + e.getMessage(), e);
        }
    }

    private static void checkIsSqlite(Path db) {
        if (!Files.isRegularFile(db)) {
            throw new LibraryException(db + ": library DB not found (set library.db_path, CLEMENTINE_DB_PATH or --db)");
        }
        byte[] head = new byte[16];
        try (InputStream in = Files.newInputStream(db)) {
            int n = in.readNBytes(head, 0, 16);
            if (n < 16 || !new String(head, 0, 15, StandardCharsets.US_ASCII).equals("SQLite format 3")) {
                throw new LibraryException(db + ": not a Clementine/Strawberry library DB (not an SQLite file)");
            }
        } catch (IOException e) {
            throw new LibraryException(db + ": cannot read library DB: " + e.getMessage(), e);
        }
    }

    private static <T> T queryWith(Path snapshot, Query<T> q) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + snapshot.toAbsolutePath().toUri())) {
            return q.run(c);
        }
    }

    /** The folders the player scans ({@code directories}, in both players), remapped; none if the table is missing. */
    private List<Path> musicFolders(Connection c) {
        List<Path> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT path FROM directories")) {
            while (rs.next()) {
                String p = rs.getString(1);
                if (p != null && !p.isBlank()) {
                    try {
                        out.add(remap.apply(Path.of(p)).toAbsolutePath().normalize());
                    } catch (IllegalArgumentException e) {   // also InvalidPathException
                        // an odd row says nothing about where the music is; the songs' own paths still do
                    }
                }
            }
        } catch (SQLException e) {
            return List.of();   // an older schema without the table
        }
        return out;
    }

    /** Which player wrote the DB, and which columns its songs table has. */
    private record Schema(PlayerFlavour flavour, Set<String> columns) {
        /** {@code column} when the table has it, else {@code fallback} (older schemas lack the CUE columns). */
        String column(String column, String fallback) {
            return (columns.contains(column) ? column : fallback) + " AS " + column;
        }
    }

    private static Schema detect(Connection c, Path db) throws SQLException {
        Set<String> cols = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(songs)")) {
            while (rs.next()) {
                cols.add(rs.getString("name").toLowerCase());
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("not a database") || String.valueOf(e.getMessage()).contains("SQLITE_NOTADB")) {
                throw new LibraryException(db + ": not a Clementine/Strawberry library DB (file is not a database)", e);
            }
            throw e;
        }
        List<String> needed = List.of("title", "artist", "album", "genre", "rating", "mtime", "length");
        if (cols.isEmpty()) {
            throw new LibraryException(db + ": not a Clementine/Strawberry library DB (no 'songs' table)");
        }
        PlayerFlavour f = cols.contains("filename") ? PlayerFlavour.CLEMENTINE
                : cols.contains("url") ? PlayerFlavour.STRAWBERRY : null;
        if (f == null || !cols.containsAll(needed)) {
            throw new LibraryException(db + ": not a Clementine/Strawberry library DB ('songs' table lacks "
                    + (f == null ? "a filename/url column" : "columns " + needed) + ")");
        }
        return new Schema(f, Set.copyOf(cols));
    }

    private LibraryScan readSongs(Connection c, Schema schema) throws SQLException {
        PlayerFlavour f = schema.flavour();
        // CAST(... AS TEXT): Clementine binds the URL as a BLOB; the cast gives its UTF-8 text either way.
        String sql = "SELECT rowid, title, artist, album, year, rating, genre, CAST(" + f.urlColumn
                + " AS TEXT) AS url, mtime, filesize, length, COALESCE(unavailable, 0) AS unavailable, "
                + schema.column("beginning", "0") + ", " + schema.column("cue_path", "NULL") + ", "
                + schema.column("track", "0") + " FROM songs ORDER BY rowid";
        List<Song> songs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Song> unavailable = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long rowid = rs.getLong("rowid");
                boolean flaggedUnavailable = rs.getInt("unavailable") != 0;
                String url = rs.getString("url");
                Path path;
                try {
                    path = remap.apply(FileUrls.toPath(url));
                } catch (IllegalArgumentException e) {
                    if (!flaggedUnavailable) {
                        problems.add("rowid " + rowid + ": " + e.getMessage());
                    }
                    continue;
                }
                double rating = rs.getDouble("rating");
                double stars = f.stars(rating, rs.wasNull());
                long lengthNs = rs.getLong("length");
                Song song = new Song(rowid, rs.getString("title"), rs.getString("artist"), rs.getString("album"),
                        Math.max(rs.getInt("year"), 0), stars, rs.getString("genre"), url, path,
                        rs.getLong("mtime"), rs.getLong("filesize"), Math.max(lengthNs, 0) / 1e9, span(rs, lengthNs));
                (flaggedUnavailable ? unavailable : songs).add(song);
            }
        }
        return new LibraryScan(f, songs, unavailable, problems, musicFolders(c));
    }

    /**
     * The row's place in its file. A row with a {@code cue_path} (or a non-zero {@code beginning}) is one
     * track of an album image: the players list such an image as one row per track, all with the same
     * URL, and no row for the whole file.
     */
    private TrackSpan span(ResultSet rs, long lengthNs) throws SQLException {
        long beginning = Math.max(rs.getLong("beginning"), 0);
        String cue = rs.getString("cue_path");
        boolean hasCue = cue != null && !cue.isBlank();
        if (!hasCue && beginning == 0) {
            return TrackSpan.WHOLE_FILE;
        }
        return new TrackSpan(beginning, lengthNs, rs.getInt("track"), hasCue ? cueSheet(cue) : null);
    }

    private Path cueSheet(String cue) {
        try {
            return remap.apply(Path.of(cue));
        } catch (IllegalArgumentException e) {
            // a NUL byte, the one thing a Unix path cannot hold; the sheet is only named, never read
            return Path.of(cue.replace('\0', '\uFFFD'));
        }
    }
}
