package org.musicrec.library;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

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
 * <p>The DB may be open in a running player. We never write it and never create files beside it:
 * the connection is opened with {@code mode=ro} (no journal is ever created by a reader), and a DB
 * in WAL mode whose {@code -shm} file does not exist is opened {@code immutable=1}, because a
 * read-only WAL reader would otherwise need to create that file. If another program holds an
 * exclusive lock for longer than the busy timeout, we read the last committed state the same way
 * and say so through the warning callback.
 */
public final class LibraryReader {
    private static final int BUSY_TIMEOUT_MS = 5000;

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
        boolean wal = isWalMode(db);
        boolean immutable = wal && !Files.exists(Path.of(db + "-shm"));
        try {
            return queryWith(db, immutable, q);
        } catch (SQLException e) {
            if (!immutable && isBusy(e)) {
                warnings.accept(db + " is locked by another program (is the player writing to it?); "
                        + "reading its last committed state");
                try {
                    return queryWith(db, true, q);
                } catch (SQLException e2) {
                    throw new LibraryException(db + ": cannot read library DB: " + e2.getMessage(), e2);
                }
            }
            throw new LibraryException(db + ": cannot read library DB: " + e.getMessage(), e);
        }
    }

    private static boolean isBusy(SQLException e) {
        return e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                || se.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED)
                || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
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

    /** Bytes 18 and 19 of the SQLite header are 2 in WAL mode. */
    private static boolean isWalMode(Path db) {
        try (InputStream in = Files.newInputStream(db)) {
            byte[] h = in.readNBytes(20);
            return h.length == 20 && h[18] == 2 && h[19] == 2;
        } catch (IOException e) {
            return false;
        }
    }

    private static <T> T queryWith(Path db, boolean immutable, Query<T> q) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        String uri = db.toAbsolutePath().toUri().toString() + (immutable ? "?immutable=1" : "?mode=ro");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + uri, cfg.toProperties())) {
            return q.run(c);
        }
    }

    private static PlayerFlavour detect(Connection c, Path db) throws SQLException {
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
        return f;
    }

    private LibraryScan readSongs(Connection c, PlayerFlavour f) throws SQLException {
        // CAST(... AS TEXT): Clementine binds the URL as a BLOB; the cast gives its UTF-8 text either way.
        String sql = "SELECT rowid, title, artist, album, year, rating, genre, CAST(" + f.urlColumn
                + " AS TEXT) AS url, mtime, filesize, length, COALESCE(unavailable, 0) AS unavailable"
                + " FROM songs ORDER BY rowid";
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
                        rs.getLong("mtime"), rs.getLong("filesize"), Math.max(lengthNs, 0) / 1e9);
                (flaggedUnavailable ? unavailable : songs).add(song);
            }
        }
        return new LibraryScan(f, songs, unavailable, problems);
    }
}
