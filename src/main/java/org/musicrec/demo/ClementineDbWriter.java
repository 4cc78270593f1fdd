package org.musicrec.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a {@code clementine.db} the way Clementine 1.4 would after scanning the demo music folder:
 * its exact schema (version 51, DDL copied from the real DB in {@code clementine-schema.sql}), one
 * {@code directories} row, a {@code subdirectories} row per folder and a {@code songs} row per file
 * with Clementine's encodings — filename as a BLOB of the percent-encoded file:// URL, length in
 * nanoseconds, mtime/ctime/filesize of the file, Song::FileType codes, rating -1 or stars/5.
 *
 * <p>The full-text-search tables use Clementine's own "unicode" FTS tokenizer, which stock SQLite
 * lacks. {@code songs_fts} is built with SQLite's {@code unicode61} tokenizer (same idea: case- and
 * diacritic-folded words), filled like Clementine fills it, and its schema text is then switched to
 * Clementine's, so Clementine's search box finds the demo songs. The other FTS tables are empty in a
 * fresh Clementine too; like {@code sqlite3 .dump}, their schema rows are inserted with
 * {@code writable_schema}. The resulting {@code .schema} is identical to the real one.
 * Built in a temp file and renamed, so a crash never leaves a half-written DB.
 */
public final class ClementineDbWriter {
    /** Clementine 1.4's schema version, as in the real fixture DB. */
    public static final int SCHEMA_VERSION = 51;
    private static final String SCHEMA_RESOURCE = "clementine-schema.sql";
    private static final String CLEMENTINE_TOKENIZER = "tokenize=unicode\n";
    private static final String SQLITE_TOKENIZER = "tokenize=unicode61\n";

    private static final String INSERT_SONG = "INSERT INTO songs (title, album, artist, albumartist, composer, track,"
            + " disc, bpm, year, genre, comment, compilation, length, bitrate, samplerate, directory, filename, mtime,"
            + " ctime, filesize, sampler, art_automatic, art_manual, filetype, playcount, lastplayed, rating,"
            + " forced_compilation_on, forced_compilation_off, effective_compilation, skipcount, score, beginning,"
            + " cue_path, unavailable, effective_albumartist, etag, performer, grouping, lyrics, originalyear,"
            + " effective_originalyear) VALUES (?, ?, ?, '', '', ?, -1, -1.0, ?, ?, '', 0, ?, ?, ?, 1, ?, ?, ?, ?,"
            + " 0, NULL, NULL, ?, 0, -1, ?, 0, 0, 0, 0, 0, 0, NULL, 0, ?, '', '', '', '', -1, -1)";

    /** Writes {@code db} cataloguing the files of {@code songs} under {@code musicDir}. */
    public void write(Path db, Path musicDir, List<SongPlan> songs) throws IOException {
        Path dir = db.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + db.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        Path music = musicDir.toAbsolutePath().normalize();
        try {
            try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + tmp)) {
                conn.setAutoCommit(false);
                createSchema(conn);
                insertDirectories(conn, music);
                insertSongs(conn, music, songs);
                fillSongsFts(conn);
                try (Statement st = conn.createStatement()) {
                    st.executeUpdate("INSERT INTO schema_version (version) VALUES (" + SCHEMA_VERSION + ")");
                }
                conn.commit();
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, db, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (SQLException e) {
            throw new IOException(db + ": cannot write Clementine DB: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void createSchema(Connection conn) throws IOException, SQLException {
        String ddl;
        try (InputStream in = ClementineDbWriter.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + SCHEMA_RESOURCE);
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement st = conn.createStatement()) {
            // `.schema` output: each statement ends with ';' at the end of a line.
            for (String sql : ddl.split(";\\s*\\n")) {
                // `.schema` appends "/* view(columns) */" to views; SQLite would keep it as part of the SQL.
                sql = sql.replaceAll("\\s*/\\* \\w+\\([^)]*\\) \\*/\\s*$", "").trim();
                if (sql.isEmpty()) {
                    continue;
                }
                if (sql.startsWith("CREATE VIRTUAL TABLE songs_fts ")) {
                    st.execute(sql.replace(CLEMENTINE_TOKENIZER, SQLITE_TOKENIZER));
                } else if (sql.startsWith("CREATE VIRTUAL TABLE")) {
                    insertVirtualTableSchema(conn, sql);
                } else {
                    st.execute(sql);
                }
            }
        }
    }

    /** Registers an FTS table whose tokenizer stock SQLite lacks, exactly as {@code .dump} restores it. */
    private static void insertVirtualTableSchema(Connection conn, String sql) throws SQLException {
        String name = sql.substring("CREATE VIRTUAL TABLE".length()).trim().split("\\s+")[0];
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA writable_schema = ON");
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', ?, ?, 0, ?)")) {
            ps.setString(1, name);
            ps.setString(2, name);
            ps.setString(3, sql);
            ps.executeUpdate();
        }
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA writable_schema = OFF");
        }
    }

    /**
     * Indexes every song as Clementine does (docid = songs.rowid; title, album, artist, albumartist,
     * composer, performer, grouping, genre, comment, year), then gives the table Clementine's DDL.
     */
    private static void fillSongsFts(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("INSERT INTO songs_fts (docid, ftstitle, ftsalbum, ftsartist, ftsalbumartist, ftscomposer,"
                    + " ftsperformer, ftsgrouping, ftsgenre, ftscomment, ftsyear) SELECT rowid, title, album, artist,"
                    + " albumartist, composer, performer, grouping, genre, comment, year FROM songs");
            st.execute("PRAGMA writable_schema = ON");
            st.executeUpdate("UPDATE sqlite_master SET sql = replace(sql, '" + SQLITE_TOKENIZER + "', '"
                    + CLEMENTINE_TOKENIZER + "') WHERE type = 'table' AND name = 'songs_fts'");
            st.execute("PRAGMA writable_schema = OFF");
        }
    }

    private static void insertDirectories(Connection conn, Path music) throws IOException, SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO directories (path, subdirs) VALUES (?, 1)")) {
            ps.setString(1, music.toString());
            ps.executeUpdate();
        }
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(music)) {
            dirs = walk.filter(Files::isDirectory).sorted().toList();
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO subdirectories (directory, path, mtime) VALUES (1, ?, ?)")) {
            for (Path d : dirs) {
                ps.setString(1, d.toString());
                ps.setLong(2, Files.getLastModifiedTime(d).toMillis() / 1000);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertSongs(Connection conn, Path music, List<SongPlan> songs) throws IOException, SQLException {
        try (PreparedStatement ps = conn.prepareStatement(INSERT_SONG)) {
            for (SongPlan s : songs) {
                Path file = music.resolve(s.relativePath());
                long size = Files.size(file);
                long mtime = Files.getLastModifiedTime(file).toMillis() / 1000;
                long lengthMs = Math.round(s.durationSeconds() * 1000);
                int i = 1;
                ps.setString(i++, s.title());
                ps.setString(i++, s.album());
                ps.setString(i++, s.artist());
                ps.setInt(i++, s.track());
                ps.setInt(i++, s.year());
                ps.setString(i++, s.genreTag());
                ps.setLong(i++, lengthMs * 1_000_000L); // Clementine stores nanoseconds
                ps.setInt(i++, (int) Math.round(size * 8.0 / lengthMs)); // kbit/s, as taglib reports it
                ps.setInt(i++, s.sampleRate());
                ps.setBytes(i++, ClementineUrl.blob(file)); // a BLOB, as Clementine binds a QByteArray
                ps.setLong(i++, mtime);
                ps.setLong(i++, ctime(file, mtime));
                ps.setLong(i++, size);
                ps.setInt(i++, s.format().clementineFiletype());
                // INTEGER affinity turns -1 and 1.0 into integers, other ratings stay REAL, as in Clementine.
                ps.setDouble(i++, s.rating());
                ps.setString(i++, s.artist());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The file's status-change time in seconds where the platform exposes it, else its mtime. */
    private static long ctime(Path file, long fallback) {
        try {
            Object t = Files.getAttribute(file, "unix:ctime");
            return t instanceof FileTime ft ? ft.toMillis() / 1000 : fallback;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return fallback;
        }
    }
}
