package org.musicrec.describe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code descriptors.db}: one row per music file with its {@link SongDescriptors} in named columns (so
 * other tools and the sqlite3 shell can read them), the algorithm version that made them and the file's
 * modification time and size as the chunk cache saw them: a changed file or a new algorithm makes a row
 * stale, and only the current version's rows are ever read. NaN is stored as NULL. Writes go in
 * transactions; a crash loses at most the open batch, never half a row.
 */
public final class DescriptorStore implements AutoCloseable {
    private static final String COLUMNS = "tempo_bpm, tempo_confidence, tempo_alternative_bpm, pulse_clarity, onset_rate, "
            + "key_root, mode, key_confidence, loudness_lufs, loudness_range_lu, centroid_hz, rolloff_hz, flatness, "
            + "zero_crossing_rate, harmonic_share, low_end_share";
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS descriptors (
              filename TEXT PRIMARY KEY,
              algorithm TEXT NOT NULL,
              file_mtime_ms INTEGER NOT NULL,
              file_size INTEGER NOT NULL,
              tempo_bpm REAL, tempo_confidence REAL, tempo_alternative_bpm REAL, pulse_clarity REAL, onset_rate REAL,
              key_root INTEGER, mode TEXT, key_confidence REAL,
              loudness_lufs REAL, loudness_range_lu REAL,
              centroid_hz REAL, rolloff_hz REAL, flatness REAL, zero_crossing_rate REAL,
              harmonic_share REAL, low_end_share REAL,
              computed_at INTEGER NOT NULL
            )""";

    /** What a row was computed from: a row is current when all three match. */
    public record Source(String algorithm, long mtimeMillis, long size) {
    }

    private final Connection conn;
    private final Path file;

    private DescriptorStore(Connection conn, Path file) {
        this.conn = conn;
        this.file = file;
    }

    /** Opens (creating if needed) the store. */
    public static DescriptorStore open(Path file) throws IOException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute(SCHEMA);
            }
            return new DescriptorStore(c, file);
        } catch (SQLException e) {
            throw new IOException(file + ": cannot open descriptor store: " + e.getMessage(), e);
        }
    }

    /** Opens the store only if it exists: readers never create one. */
    public static DescriptorStore openIfExists(Path file) throws IOException {
        return Files.isRegularFile(file) ? open(file) : null;
    }

    /** Writes (or replaces) rows in one transaction; every row needs its source. */
    public void putAll(Map<String, SongDescriptors> rows, Map<String, Source> sources) throws IOException {
        for (String f : rows.keySet()) {
            if (sources.get(f) == null) {
                throw new IllegalArgumentException(f + ": descriptors without the file state they were computed from");
            }
        }
        String sql = "INSERT OR REPLACE INTO descriptors (filename, algorithm, file_mtime_ms, file_size, " + COLUMNS
                + ", computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                long now = System.currentTimeMillis() / 1000;
                for (Map.Entry<String, SongDescriptors> e : rows.entrySet()) {
                    Source src = sources.get(e.getKey());
                    SongDescriptors d = e.getValue();
                    ps.setString(1, e.getKey());
                    ps.setString(2, src.algorithm());
                    ps.setLong(3, src.mtimeMillis());
                    ps.setLong(4, src.size());
                    real(ps, 5, d.tempoBpm());
                    real(ps, 6, d.tempoConfidence());
                    real(ps, 7, d.tempoAlternativeBpm());
                    real(ps, 8, d.pulseClarity());
                    real(ps, 9, d.onsetRate());
                    if (d.hasKey()) {
                        ps.setInt(10, d.keyRoot());
                        ps.setString(11, d.modeName());
                    } else {
                        ps.setNull(10, Types.INTEGER);
                        ps.setNull(11, Types.VARCHAR);
                    }
                    real(ps, 12, d.keyConfidence());
                    real(ps, 13, d.loudnessLufs());
                    real(ps, 14, d.loudnessRangeLu());
                    real(ps, 15, d.centroidHz());
                    real(ps, 16, d.rolloffHz());
                    real(ps, 17, d.flatness());
                    real(ps, 18, d.zeroCrossingRate());
                    real(ps, 19, d.harmonicShare());
                    real(ps, 20, d.lowEndShare());
                    ps.setLong(21, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            conn.commit();
        } catch (SQLException e) {
            rollback();
            throw new IOException(file + ": cannot write descriptors: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    /** Every current row of {@code algorithm}: filename → descriptors. */
    public Map<String, SongDescriptors> getAll(String algorithm) throws IOException {
        Map<String, SongDescriptors> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT filename, " + COLUMNS
                + " FROM descriptors WHERE algorithm = ? ORDER BY filename")) {
            ps.setString(1, algorithm);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int key = rs.getInt(7);
                    boolean hasKey = !rs.wasNull();
                    String mode = rs.getString(8);
                    out.put(rs.getString(1), new SongDescriptors(real(rs, 2), real(rs, 3), real(rs, 4), real(rs, 5),
                            real(rs, 6), hasKey ? key : -1, "minor".equals(mode), real(rs, 9), real(rs, 10),
                            real(rs, 11), real(rs, 12), real(rs, 13), real(rs, 14), real(rs, 15), real(rs, 16),
                            real(rs, 17)));
                }
            }
        } catch (SQLException e) {
            throw new IOException(file + ": cannot read descriptors: " + e.getMessage(), e);
        }
        return out;
    }

    /** What every row was computed from: filename → source. */
    public Map<String, Source> sources() throws IOException {
        Map<String, Source> out = new LinkedHashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT filename, algorithm, file_mtime_ms, file_size FROM descriptors")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Source(rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        } catch (SQLException e) {
            throw new IOException(file + ": cannot read descriptors: " + e.getMessage(), e);
        }
        return out;
    }

    /** Drops the rows of these files (songs gone from the library); returns how many went. */
    public int removeAll(Collection<String> filenames) throws IOException {
        int n = 0;
        try {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM descriptors WHERE filename = ?")) {
                for (String f : filenames) {
                    ps.setString(1, f);
                    n += ps.executeUpdate();
                }
            }
            conn.commit();
        } catch (SQLException e) {
            rollback();
            throw new IOException(file + ": cannot delete descriptors: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
        return n;
    }

    private static void real(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(i, v);
        } else {
            ps.setNull(i, Types.REAL);
        }
    }

    private static double real(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }

    private void rollback() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the original error is the one worth reporting
        }
    }

    private void autoCommit() {
        try {
            conn.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection shows on the next use
        }
    }

    @Override
    public void close() throws IOException {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
