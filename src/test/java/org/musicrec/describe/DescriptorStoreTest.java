package org.musicrec.describe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorStoreTest {
    @TempDir
    Path tmp;

    private static SongDescriptors measured(double bpm, int key, boolean minor) {
        return new SongDescriptors(bpm, 0.8, bpm / 2, 0.6, 3.5, key, minor, 0.7, -14.2, 6.5, 1800, 4200, 0.05,
                1500, 0.7, 0.2);
    }

    /** A silent song: no tempo, no key, no loudness; the rest measured. */
    private static SongDescriptors silent() {
        return new SongDescriptors(Double.NaN, 0, Double.NaN, Double.NaN, 0, -1, false, 0, Double.NaN,
                Double.NaN, 0, 0, 1, 0, 0.5, 0);
    }

    private static DescriptorStore.Source src(String algorithm) {
        return new DescriptorStore.Source(algorithm, 1_700_000_000_000L, 12345);
    }

    @Test
    void roundTripsEveryFieldAndStoresWhatIsMissingAsNull() throws Exception {
        Path db = tmp.resolve("d/descriptors.db");
        Map<String, SongDescriptors> rows = Map.of("/m/a.flac", measured(123.5, 9, true), "/m/silent.flac", silent());
        try (DescriptorStore s = DescriptorStore.open(db)) {
            s.putAll(rows, Map.of("/m/a.flac", src("v1"), "/m/silent.flac", src("v1")));
        }
        try (DescriptorStore s = DescriptorStore.open(db)) {
            Map<String, SongDescriptors> back = s.getAll("v1");
            assertEquals(rows.get("/m/a.flac"), back.get("/m/a.flac"));
            SongDescriptors q = back.get("/m/silent.flac");
            assertFalse(q.hasTempo());
            assertFalse(q.hasKey());
            assertTrue(Double.isNaN(q.loudnessLufs()));
            assertEquals(1.0, q.flatness());
            assertEquals(src("v1"), s.sources().get("/m/silent.flac"));
        }
        // Other tools read named columns: a missing tempo is NULL there, never NaN or a number.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tempo_bpm, mode, key_root, loudness_lufs FROM descriptors "
                     + "WHERE filename = '/m/silent.flac'")) {
            assertTrue(rs.next());
            rs.getDouble(1);
            assertTrue(rs.wasNull());
            assertNull(rs.getString(2));
            rs.getInt(3);
            assertTrue(rs.wasNull());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT mode, key_root FROM descriptors WHERE filename = '/m/a.flac'")) {
            assertTrue(rs.next());
            assertEquals("minor", rs.getString(1));
            assertEquals(9, rs.getInt(2));
        }
    }

    @Test
    void onlyTheAskedAlgorithmsRowsAreReadAndARecomputedRowReplacesTheOld() throws Exception {
        try (DescriptorStore s = DescriptorStore.open(tmp.resolve("descriptors.db"))) {
            s.putAll(Map.of("/m/a.flac", measured(100, 0, false), "/m/b.flac", measured(90, 2, true)),
                    Map.of("/m/a.flac", src("old"), "/m/b.flac", src("old")));
            s.putAll(Map.of("/m/a.flac", measured(140, 7, false)), Map.of("/m/a.flac", src("new")));
            assertEquals(Map.of("/m/a.flac", measured(140, 7, false)), s.getAll("new"));
            assertEquals(List.of("/m/b.flac"), List.copyOf(s.getAll("old").keySet()));
            assertEquals(2, s.sources().size());
            assertEquals(1, s.removeAll(List.of("/m/b.flac", "/m/never-there.flac")));
            assertEquals(List.of("/m/a.flac"), List.copyOf(s.sources().keySet()));
        }
    }

    @Test
    void readersNeverCreateAStore() throws Exception {
        Path db = tmp.resolve("none/descriptors.db");
        assertNull(DescriptorStore.openIfExists(db));
        assertFalse(Files.exists(db.getParent()));
    }

    @Test
    void aRowWithoutASourceFailsTheWholeBatchAndKeepsWhatWasThere() throws Exception {
        try (DescriptorStore s = DescriptorStore.open(tmp.resolve("descriptors.db"))) {
            s.putAll(Map.of("/m/a.flac", measured(100, 0, false)), Map.of("/m/a.flac", src("v1")));
            var rows = new java.util.LinkedHashMap<String, SongDescriptors>();
            rows.put("/m/a.flac", measured(150, 1, true));
            rows.put("/m/orphan.flac", measured(80, 3, false));
            assertThrows(IllegalArgumentException.class, () -> s.putAll(rows, Map.of("/m/a.flac", src("v1"))));
            assertEquals(Map.of("/m/a.flac", measured(100, 0, false)), s.getAll("v1"));
        }
    }
}
