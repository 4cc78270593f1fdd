package org.musicrec.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingStoreTest {
    @TempDir
    Path tmp;

    @Test
    void aVersionNeverHoldsVectorsOfTwoCheckpoints() throws Exception {
        try (EmbeddingStore s = EmbeddingStore.open(tmp.resolve("e.db"))) {
            s.putAll("v1", Map.of("/m/a.mp3", new float[]{1, 2}, "/m/b.mp3", new float[]{3, 4}));   // before sources existed
            assertEquals(0, s.claim("v1", "run-1"), "vectors of an older store are taken as the checkpoint's");
            assertEquals("run-1", s.source("v1"));
            assertEquals(0, s.claim("v1", "run-1"), "same checkpoint: nothing dropped");
            s.putAll("v2", Map.of("/m/a.mp3", new float[]{5, 6}));
            s.claim("v2", "other-run");

            // a new encoder run under the same version name replaced best/ (stopped early, say)
            assertEquals(2, s.claim("v1", "run-2"));
            assertEquals("run-2", s.source("v1"));
            assertTrue(s.getAll("v1").isEmpty(), "v1's old vectors are gone");
            assertEquals(1, s.getAll("v2").size(), "other versions untouched");
        }
    }

    @Test
    void storesVersionsSeparatelyAndRoundTripsFloats() throws Exception {
        Path db = tmp.resolve("embeddings.db");
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            s.putAll("v1", Map.of("/a.mp3", new float[]{1.5f, -2f}, "/b.mp3", new float[]{0f, Float.MIN_VALUE}));
            s.putAll("v2", Map.of("/a.mp3", new float[]{9f, 9f, 9f}));
            s.putAll("v1", Map.of("/a.mp3", new float[]{3f, 4f}));
        }
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            assertEquals(Set.of("/a.mp3", "/b.mp3"), s.filenames("v1"));
            assertArrayEquals(new float[]{3f, 4f}, s.getAll("v1").get("/a.mp3"));
            assertArrayEquals(new float[]{0f, Float.MIN_VALUE}, s.getAll("v1").get("/b.mp3"));
            assertEquals(List.of("v1", "v2"), s.versionNames());
            assertEquals(2, s.removeAll(List.of("/a.mp3")));
            assertEquals(Map.of("v1", 1), s.versions());
        }
    }

    @Test
    void stateChangesWithEveryWriteOfItsVersionAndOnlyThose() throws Exception {
        Path db = tmp.resolve("embeddings.db");
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            EmbeddingStore.VersionState empty = s.state("v1");
            assertEquals(0, empty.count());
            s.putAll("v1", Map.of("/a.mp3", new float[]{1f, 2f}, "/b.mp3", new float[]{3f, 4f}));
            EmbeddingStore.VersionState added = s.state("v1");
            assertEquals(2, added.count());
            assertNotEquals(empty, added);
            // Re-embedding within the same second changes neither count nor timestamps; the state must change.
            s.putAll("v1", Map.of("/a.mp3", new float[]{5f, 6f}));
            EmbeddingStore.VersionState reembedded = s.state("v1");
            assertEquals(2, reembedded.count());
            assertNotEquals(added, reembedded);
            s.putAll("v2", Map.of("/a.mp3", new float[]{1f}));
            assertEquals(reembedded, s.state("v1"));
            // Remove one and add another: same count, and SQLite may hand out the freed rowid again.
            s.removeAll(List.of("/b.mp3"));
            s.putAll("v1", Map.of("/c.mp3", new float[]{7f, 8f}));
            EmbeddingStore.VersionState swapped = s.state("v1");
            assertEquals(2, swapped.count());
            assertNotEquals(reembedded, swapped);
        }
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            EmbeddingStore.VersionState reopened = s.state("v1");
            assertEquals(2, reopened.count());
            String id = reopened.storeId();
            s.removeVersion("v1");
            assertNotEquals(reopened, s.state("v1"));
            assertEquals(id, s.state("v1").storeId());
        }
    }

    @Test
    void writesFromOutsideThisClassChangeTheStateToo() throws Exception {
        Path db = tmp.resolve("embeddings.db");
        EmbeddingStore.VersionState before;
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            s.putAll("v1", Map.of("/a.mp3", new float[]{1f, 2f}));
            before = s.state("v1");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE embeddings SET embedding = X'0000803F00000040' WHERE filename = '/a.mp3'");
        }
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            assertNotEquals(before, s.state("v1"));
            assertArrayEquals(new float[]{1f, 2f}, s.getAll("v1").get("/a.mp3"));
        }
    }

    @Test
    void aStoreMadeAnewHasANewIdentity() throws Exception {
        Path db = tmp.resolve("embeddings.db");
        EmbeddingStore.VersionState first;
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            s.putAll("v1", Map.of("/a.mp3", new float[]{1f, 2f}));
            first = s.state("v1");
        }
        Files.delete(db);
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            s.putAll("v1", Map.of("/a.mp3", new float[]{9f, 9f}));
            EmbeddingStore.VersionState second = s.state("v1");
            assertEquals(first.generation(), second.generation());
            assertEquals(first.count(), second.count());
            assertNotEquals(first.storeId(), second.storeId());
        }
    }

    @Test
    void matrixHoldsEveryRowInFilenameOrderWithTheStateItReflects() throws Exception {
        Path db = tmp.resolve("embeddings.db");
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            s.putAll("v1", Map.of("/c.mp3", new float[]{5f, 6f, 7f}, "/a.mp3", new float[]{1f, 2f, 3f},
                    "/b.mp3", new float[]{-1f, 0f, Float.MIN_VALUE}));
            s.putAll("v2", Map.of("/a.mp3", new float[]{9f}));
            EmbeddingStore.Matrix m = s.matrix("v1");
            assertEquals(List.of("/a.mp3", "/b.mp3", "/c.mp3"), m.keys());
            assertEquals(3, m.dim());
            assertArrayEquals(new float[]{1f, 2f, 3f, -1f, 0f, Float.MIN_VALUE, 5f, 6f, 7f}, m.rows());
            assertEquals(s.state("v1"), m.state());
            EmbeddingStore.Matrix none = s.matrix("v3");
            assertEquals(List.of(), none.keys());
            assertEquals(0, none.rows().length);
            s.putAll("v2", Map.of("/b.mp3", new float[]{1f, 2f}));
            IOException e = assertThrows(IOException.class, () -> s.matrix("v2"));
            assertTrue(e.getMessage().contains("dimensions"), e.getMessage());
        }
    }
}
