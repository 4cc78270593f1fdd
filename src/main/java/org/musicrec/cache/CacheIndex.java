package org.musicrec.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cache index: a small SQLite DB, {@code index.db}, one row per song.
 *
 * <p>Why SQLite rather than a JSON-lines file: rows change one at a time during a build that may be
 * killed at any moment; SQLite's rollback journal (WAL off, synchronous FULL) makes each commit
 * atomic and durable without rewriting the whole index, and later stages can query it. Only one
 * thread uses an open index (the builder's coordinator; workers hand it their results).
 * Rows are committed in small batches: a kill loses at most the last second's rows, whose cache
 * files the next build finds unreferenced, deletes and makes again.
 */
public final class CacheIndex implements AutoCloseable {
    static final String FORMAT = "musicrec-chunk-cache";
    private static final long COMMIT_EVERY_NANOS = 1_000_000_000L;

    private final Connection c;
    private long lastCommit = System.nanoTime();
    private boolean dirty;

    private CacheIndex(Connection c) {
        this.c = c;
    }

    /** Opens (creating if needed) the index at {@code file}. */
    public static CacheIndex open(Path file) throws IOException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=DELETE");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS entries(
                          song_id INTEGER PRIMARY KEY,
                          path TEXT NOT NULL,
                          file TEXT,
                          mtime_ms INTEGER NOT NULL,
                          size INTEGER NOT NULL,
                          duration REAL,
                          duration_source TEXT NOT NULL,
                          offsets TEXT NOT NULL,
                          valid_samples TEXT NOT NULL,
                          scale REAL NOT NULL,
                          params TEXT NOT NULL,
                          status TEXT NOT NULL CHECK (status IN ('cached', 'failed', 'skipped')),
                          reason TEXT NOT NULL,
                          detail TEXT NOT NULL,
                          bytes INTEGER NOT NULL)""");
                st.execute("INSERT OR IGNORE INTO meta VALUES ('format', '" + FORMAT + "')");
            }
            c.setAutoCommit(false);
            c.commit();
            return new CacheIndex(c);
        } catch (SQLException e) {
            throw new IOException(file + ": cannot open cache index: " + e.getMessage(), e);
        }
    }

    /**
     * A connection that reads an existing index. Read-only, except when a rollback journal lies beside it:
     * a build killed during a commit leaves a hot journal, which a read-only connection cannot roll back
     * (SQLITE_READONLY_ROLLBACK: encoder, embed and cache-stats would fail until the next build-cache).
     * Read-write lets SQLite roll the half commit back on open; the index is ours, not the user's.
     */
    private static Connection openForReading(Path file) throws SQLException {
        boolean journal = Files.exists(file.resolveSibling(file.getFileName() + "-journal"));
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri() + (journal ? "?mode=rw" : "?mode=ro"));
    }

    /** Reads all entries of an existing index without writing to it; empty if there is none. */
    public static List<CacheEntry> readAll(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Connection c = openForReading(file)) {
            return query(c);
        } catch (SQLException e) {
            throw new IOException(file + ": cannot read cache index: " + e.getMessage(), e);
        }
    }

    /** The meta table of an existing index (empty if none or not ours). */
    public static Map<String, String> readMeta(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return m;
        }
        try (Connection c = openForReading(file);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            return Map.of();
        }
        return m;
    }

    public List<CacheEntry> all() throws IOException {
        try {
            return query(c);
        } catch (SQLException e) {
            throw new IOException("cannot read cache index: " + e.getMessage(), e);
        }
    }

    public Optional<String> meta(String key) throws IOException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read cache index: " + e.getMessage(), e);
        }
    }

    public void setMeta(String key, String value) throws IOException {
        update("INSERT OR REPLACE INTO meta VALUES (?, ?)", key, value);
        commit();
    }

    public void put(CacheEntry e) throws IOException {
        update("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", e.songId(), e.path(), e.file(),
                e.mtimeMillis(), e.size(), Double.isNaN(e.durationSeconds()) ? null : e.durationSeconds(),
                e.durationSource(), join(e.offsets()), join(e.validSamples()), e.scale(), e.params(),
                e.status().key(), e.reason(), e.detail(), e.bytes());
        commitIfDue();
    }

    public void delete(long songId) throws IOException {
        update("DELETE FROM entries WHERE song_id = ?", songId);
        commitIfDue();
    }

    /** Makes everything written so far durable. */
    public void commit() throws IOException {
        try {
            c.commit();
            dirty = false;
            lastCommit = System.nanoTime();
        } catch (SQLException e) {
            throw new IOException("cannot write cache index: " + e.getMessage(), e);
        }
    }

    private void commitIfDue() throws IOException {
        dirty = true;
        if (System.nanoTime() - lastCommit >= COMMIT_EVERY_NANOS) {
            commit();
        }
    }

    private void update(String sql, Object... args) throws IOException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot write cache index: " + e.getMessage(), e);
        }
    }

    private static List<CacheEntry> query(Connection c) throws SQLException {
        List<CacheEntry> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM entries ORDER BY song_id")) {
            while (rs.next()) {
                double duration = rs.getDouble("duration");
                if (rs.wasNull()) {
                    duration = Double.NaN;
                }
                out.add(new CacheEntry(rs.getLong("song_id"), rs.getString("path"), rs.getString("file"),
                        rs.getLong("mtime_ms"), rs.getLong("size"), duration, rs.getString("duration_source"),
                        Arrays.stream(split(rs.getString("offsets"))).mapToLong(Long::parseLong).toArray(),
                        Arrays.stream(split(rs.getString("valid_samples"))).mapToInt(Integer::parseInt).toArray(),
                        rs.getDouble("scale"), rs.getString("params"),
                        CacheEntry.Status.valueOf(rs.getString("status").toUpperCase()), rs.getString("reason"),
                        rs.getString("detail"), rs.getLong("bytes")));
            }
        }
        return out;
    }

    private static String[] split(String s) {
        return s == null || s.isEmpty() ? new String[0] : s.split(",");
    }

    private static String join(long[] v) {
        return Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private static String join(int[] v) {
        return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public void close() throws IOException {
        try {
            if (dirty) {
                c.commit();
            }
            c.close();
        } catch (SQLException e) {
            throw new IOException("cannot close cache index: " + e.getMessage(), e);
        }
    }
}
