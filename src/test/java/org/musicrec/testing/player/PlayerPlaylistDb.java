package org.musicrec.testing.player;

import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the playlist items a player saved in its SQLite DB (table playlist_items, the same in
 * Clementine and Strawberry but for the column holding the URL). Read-only, with short statements:
 * the player may be writing while we poll, and Qt's SQLite driver retries a busy DB for 5 s, so a
 * brief read lock never costs it a save.
 */
final class PlayerPlaylistDb {
    private final Path db;
    private final String urlColumn;
    private final String libraryIdColumn;

    PlayerPlaylistDb(Path db, String urlColumn, String libraryIdColumn) {
        this.db = db;
        this.urlColumn = urlColumn;
        this.libraryIdColumn = libraryIdColumn;
    }

    /** Items saved so far, or -1 while the DB does not exist yet or is locked by the player. */
    int countOrMinusOne() {
        if (!Files.isRegularFile(db)) {
            return -1;
        }
        try (Connection c = open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM playlist_items")) {
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1; // not created yet, or busy: ask again
        }
    }

    /** True when neither the DB nor its journal has been written for {@code quiet}. */
    boolean quietFor(java.time.Duration quiet) {
        return quietFor(db, quiet);
    }

    static boolean quietFor(Path db, java.time.Duration quiet) {
        long last = 0;
        for (String suffix : new String[]{"", "-journal", "-wal"}) {
            Path f = db.resolveSibling(db.getFileName() + suffix);
            try {
                last = Math.max(last, Files.getLastModifiedTime(f).toMillis());
            } catch (java.io.IOException e) {
                // no such file: nothing written there
            }
        }
        return System.currentTimeMillis() - last >= quiet.toMillis();
    }

    /** All items in playlist order; a fresh player profile holds only the loaded playlist. */
    List<PlayerTrack> tracks() throws SQLException {
        List<PlayerTrack> out = new ArrayList<>();
        try (Connection c = open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(" + urlColumn + " AS TEXT), title, artist, album, filetype,"
                     + " filesize, length, COALESCE(" + libraryIdColumn + ", 0) FROM playlist_items ORDER BY playlist, rowid")) {
            while (rs.next()) {
                out.add(new PlayerTrack(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
            }
        }
        return out;
    }

    private Connection open() throws SQLException {
        return openReadOnly(db);
    }

    static Connection openReadOnly(Path db) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(200);
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), cfg.toProperties());
    }
}
