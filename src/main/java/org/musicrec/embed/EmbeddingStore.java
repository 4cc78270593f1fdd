package org.musicrec.embed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code embeddings.db}: one row per (song file, model version) holding the song's embedding as a
 * little-endian float32 BLOB. Versioned so embeddings of several encoders can coexist and later
 * stages can refuse a mismatch. Writes go in batched transactions; a crash loses at most the open
 * batch, never a half-written row (SQLite is transactional).
 */
public final class EmbeddingStore implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS embeddings (
              filename TEXT NOT NULL,
              model_version TEXT NOT NULL,
              embedding BLOB NOT NULL,
              dim INTEGER NOT NULL,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (filename, model_version)
            )""";

    /*
     * A per-version change counter kept by triggers, so whatever writes the table (this class, an
     * older musicrec, the sqlite3 shell) bumps it in the same transaction. Timestamps cannot tell a
     * re-embed within the same second apart, and rowids are reused after a delete; this can.
     * Plus a random id for the database file, so a deleted and re-created store whose counter
     * happens to reach the same value is still told apart.
     */
    private static final List<String> CHANGE_TRACKING = List.of(
            "CREATE TABLE IF NOT EXISTS store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS version_generations ("
                    + "model_version TEXT PRIMARY KEY, generation INTEGER NOT NULL)",
            bumpTrigger("embeddings_generation_insert", "INSERT", "NEW"),
            bumpTrigger("embeddings_generation_update_new", "UPDATE", "NEW"),
            bumpTrigger("embeddings_generation_update_old", "UPDATE", "OLD"),
            bumpTrigger("embeddings_generation_delete", "DELETE", "OLD"),
            // which checkpoint each version's vectors came from (EncoderCheckpoint.id)
            "CREATE TABLE IF NOT EXISTS version_sources (model_version TEXT PRIMARY KEY, checkpoint TEXT NOT NULL)");

    private final Connection conn;
    private final Path file;

    private EmbeddingStore(Connection conn, Path file) {
        this.conn = conn;
        this.file = file;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * Opens a store that must already exist, for the stages that only read embeddings: a command that fails
     * for want of embeddings leaves no empty store behind.
     */
    public static EmbeddingStore openExisting(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no embeddings yet: " + file + " does not exist (run the encoder or embed stage first)");
        }
        return open(file);
    }

    public static EmbeddingStore open(Path file) throws IOException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute(SCHEMA);
                for (String ddl : CHANGE_TRACKING) {
                    st.execute(ddl);
                }
            }
            ensureStoreId(c);
            return new EmbeddingStore(c, file);
        } catch (SQLException e) {
            throw new IOException(file + ": cannot open embeddings store: " + e.getMessage(), e);
        }
    }

    private static String bumpTrigger(String name, String event, String row) {
        return "CREATE TRIGGER IF NOT EXISTS " + name + " AFTER " + event + " ON embeddings BEGIN "
                // Not INSERT OR IGNORE: the firing statement's conflict policy overrides the
                // trigger's, so the duplicate key would abort putAll's upsert.
                + "INSERT INTO version_generations(model_version, generation) SELECT " + row + ".model_version, 0 "
                + "WHERE NOT EXISTS (SELECT 1 FROM version_generations WHERE model_version = " + row + ".model_version); "
                + "UPDATE version_generations SET generation = generation + 1 WHERE model_version = " + row + ".model_version; "
                + "END";
    }

    /** Reads first and inserts only when missing, so opening an existing store writes nothing. */
    private static void ensureStoreId(Connection c) throws SQLException {
        if (readStoreId(c) == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO store_info(key, value) VALUES ('store_id', ?)")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.executeUpdate();
            }
        }
    }

    private static String readStoreId(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM store_info WHERE key = 'store_id'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Identifies the contents of one version: any row of it added, replaced or deleted changes
     * {@code generation}; {@code storeId} changes when embeddings.db is deleted and made anew.
     */
    public record VersionState(String storeId, long generation, int count) {
    }

    /** All embeddings of one version as one row-major {@code count × dim} matrix, rows in {@code keys} order. */
    public record Matrix(VersionState state, List<String> keys, int dim, float[] rows) {
    }

    public VersionState state(String version) throws IOException {
        try {
            return readState(version);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private VersionState readState(String version) throws SQLException {
        long generation = scalar("SELECT generation FROM version_generations WHERE model_version = ?", version);
        int count = (int) scalar("SELECT COUNT(*) FROM embeddings WHERE model_version = ?", version);
        String id = readStoreId(conn);
        return new VersionState(id == null ? "" : id, generation, count);
    }

    /** The one number {@code sql} selects for {@code version}, 0 if it selects no row. */
    private long scalar(String sql, String version) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * All embeddings of {@code version} in filename order, decoded straight into one flat array
     * (no per-song arrays), together with the state they reflect: both are read in one
     * transaction, so a concurrent {@code embed} cannot slip in between.
     */
    public Matrix matrix(String version) throws IOException {
        try {
            conn.setAutoCommit(false);
            try {
                VersionState state = readState(version);
                List<String> keys = new ArrayList<>(state.count());
                float[] rows = null;
                int dim = 0;
                try (PreparedStatement ps = conn.prepareStatement(
                        "SELECT filename, embedding, dim FROM embeddings WHERE model_version = ? ORDER BY filename")) {
                    ps.setString(1, version);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String name = rs.getString(1);
                            int d = rs.getInt(3);
                            if (rows == null) {
                                dim = d;
                                if ((long) state.count() * dim > Integer.MAX_VALUE - 16) {
                                    throw new IOException("version " + version + " has " + state.count() + " embeddings of "
                                            + dim + " floats: too many for one matrix");
                                }
                                rows = new float[state.count() * dim];
                            } else if (d != dim) {
                                throw new IOException("embeddings of version " + version + " have dimensions " + dim
                                        + " and " + d + " (" + name + ")");
                            }
                            if (keys.size() == state.count()) {
                                throw new IOException("version " + version + " changed while it was read");
                            }
                            byte[] bytes = rs.getBytes(2);
                            checkLength(bytes, d, name);
                            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                                    .get(rows, keys.size() * dim, dim);
                            keys.add(name);
                        }
                    }
                }
                if (keys.size() != state.count()) {
                    throw new IOException("version " + version + " changed while it was read");
                }
                return new Matrix(state, List.copyOf(keys), dim, rows == null ? new float[0] : rows);
            } finally {
                conn.rollback(); // a read: nothing to keep, only the snapshot to release
            }
        } catch (SQLException e) {
            throw error(e);
        } finally {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection is unusable anyway
            }
        }
    }

    /** The keys (song file paths) that already have an embedding of {@code version}. */
    public Set<String> filenames(String version) throws IOException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT filename FROM embeddings WHERE model_version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** filename → updated_at (Unix seconds) of every embedding of {@code version}. */
    public Map<String, Long> updatedAt(String version) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT filename, updated_at FROM embeddings WHERE model_version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** Every filename with an embedding of any version. */
    public Set<String> allFilenames() throws IOException {
        Set<String> out = new HashSet<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT filename FROM embeddings")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    private interface Transaction<T> {
        T run() throws SQLException, IOException;
    }

    /** Runs {@code work} in one transaction: committed whole or rolled back whole. */
    private <T> T inTransaction(Transaction<T> work) throws IOException {
        try {
            conn.setAutoCommit(false);
            T result = work.run();
            conn.commit();
            return result;
        } catch (SQLException e) {
            try {
                conn.rollback();
            } catch (SQLException ignored) {
                // the original error matters more
            }
            throw error(e);
        } finally {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection is unusable anyway
            }
        }
    }

    /** Inserts or replaces embeddings of {@code version} in one transaction. */
    public void putAll(String version, Map<String, float[]> embeddings) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        String sql = "INSERT INTO embeddings(filename, model_version, embedding, dim, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(filename, model_version) DO UPDATE SET "
                + "embedding = excluded.embedding, dim = excluded.dim, updated_at = excluded.updated_at";
        inTransaction(() -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (Map.Entry<String, float[]> e : embeddings.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, version);
                    ps.setBytes(3, toBytes(e.getValue()));
                    ps.setInt(4, e.getValue().length);
                    ps.setLong(5, now);
                    ps.setLong(6, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** All embeddings of {@code version}, in filename order (stable across runs). */
    public Map<String, float[]> getAll(String version) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT filename, embedding, dim FROM embeddings WHERE model_version = ? ORDER BY filename")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), fromBytes(rs.getBytes(2), rs.getInt(3), rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** Deletes the embeddings of the given files (all versions); returns how many rows went. */
    public int removeAll(Collection<String> filenames) throws IOException {
        return inTransaction(() -> {
            int n = 0;
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM embeddings WHERE filename = ?")) {
                for (String f : filenames) {
                    ps.setString(1, f);
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    /** The checkpoint the version's vectors came from, or null when not recorded. */
    public String source(String version) throws IOException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT checkpoint FROM version_sources WHERE model_version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /**
     * Makes {@code checkpoint} the source of {@code version} before vectors from it are added: if the version's
     * vectors came from another checkpoint (a new encoder run under the same version name replaced best/),
     * they are deleted in the same transaction, so one version never holds vectors of two models. Vectors
     * of a store written before sources were recorded are taken to be this checkpoint's.
     *
     * @return rows deleted because they came from another checkpoint
     */
    public int claim(String version, String checkpoint) throws IOException {
        return inTransaction(() -> {
            String recorded = source(version);
            int dropped = 0;
            if (recorded != null && !recorded.equals(checkpoint)) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM embeddings WHERE model_version = ?")) {
                    ps.setString(1, version);
                    dropped = ps.executeUpdate();
                }
            }
            if (!checkpoint.equals(recorded)) {
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT OR REPLACE INTO version_sources(model_version, checkpoint) VALUES (?, ?)")) {
                    ps.setString(1, version);
                    ps.setString(2, checkpoint);
                    ps.executeUpdate();
                }
            }
            return dropped;
        });
    }

    /** Deletes every embedding of {@code version}; returns how many rows went. */
    public int removeVersion(String version) throws IOException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM embeddings WHERE model_version = ?")) {
            ps.setString(1, version);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** The versions present, with their row counts. */
    public Map<String, Integer> versions() throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT model_version, COUNT(*) FROM embeddings GROUP BY model_version ORDER BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] fromBytes(byte[] bytes, int dim, String name) throws IOException {
        checkLength(bytes, dim, name);
        float[] v = new float[dim];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static void checkLength(byte[] bytes, int dim, String name) throws IOException {
        if (bytes == null || bytes.length != dim * 4) {
            throw new IOException("embedding of " + name + " is damaged: " + (bytes == null ? 0 : bytes.length)
                    + " bytes for dim " + dim);
        }
    }

    private IOException error(SQLException e) {
        return new IOException(file + ": " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
        try {
            conn.close();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** Convenience for tests and export: the list of versions. */
    public List<String> versionNames() throws IOException {
        return new ArrayList<>(versions().keySet());
    }
}
