package org.musicrec.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddingStoreTest {
    @TempDir
    Path tmp;

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
}
