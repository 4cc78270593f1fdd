package org.musicrec.testing.player;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The library side of a player's DB (tables {@code directories} and {@code songs}, the same in
 * Clementine and Strawberry): whether the player has made it, how many songs it holds, and registering a
 * library folder while the player is not running.
 */
final class PlayerLibraryDb {
    private final Path db;

    PlayerLibraryDb(Path db) {
        this.db = db;
    }

    Path file() {
        return db;
    }

    /** Songs in the library, or -1 while the DB or its tables do not exist yet or the player holds a lock. */
    int songsOrMinusOne() {
        if (!Files.isRegularFile(db)) {
            return -1;
        }
        try (Connection c = PlayerPlaylistDb.openReadOnly(db); Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM directories").close();   // made with the songs table
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM songs")) {
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * Registers {@code folder} as a library folder: the row the players' own "add folder" writes
     * (LibraryBackend::AddDirectory in Clementine, CollectionBackend::AddDirectory in Strawberry). At its
     * next start the player finds a folder it has never scanned and scans it.
     */
    void addFolder(Path folder) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("INSERT INTO directories(path, subdirs) VALUES (?, 1)")) {
            ps.setString(1, folder.toAbsolutePath().toString());
            ps.executeUpdate();
        }
    }
}
