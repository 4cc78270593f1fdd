package org.musicrec.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.io.Npy;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingExportTest {
    @TempDir
    Path tmp;

    private static Song song(long rowid, String title, String genre, double stars) {
        return new Song(rowid, title, "Artist " + rowid, "Album", 2000, stars, genre, "file:///m/" + rowid,
                Path.of("/music/" + rowid + ".flac"), 0, 0, 60);
    }

    /** Records the total a progress bar was started with and how many steps it made. */
    private static final class CountingProgress implements org.musicrec.progress.Progress {
        final List<Long> seen = new java.util.ArrayList<>(List.of(0L, 0L));

        @Override
        public void start(String label, long total) {
            seen.set(0, total);
        }

        @Override
        public void step() {
            seen.set(1, seen.get(1) + 1);
        }

        @Override
        public void message(String line) {
        }

        @Override
        public void close() {
        }
    }

    private final CountingProgress counting = new CountingProgress();

    @Test
    void rowsOfNpyTsvAndJsonlDescribeTheSameSongsInRowidOrder() throws Exception {
        // Library given out of rowid order; song 5 has no embedding; song 3's title holds a tab and a newline.
        List<Song> library = List.of(song(7, "Seven", "Jazz", 4.5), song(3, "Three\tbad\nname", "Rock/Pop", -1),
                song(5, "Five", "", 2), song(1, "One", "Latin Pop", 1));
        Random r = new Random(1);
        Map<String, float[]> emb = new HashMap<>();
        for (Song s : library) {
            if (s.rowid() != 5) {
                float[] v = new float[6];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) r.nextGaussian();
                }
                emb.put(EmbeddingExtractor.key(s), v);
            }
        }
        Path out = tmp.resolve("export");
        EmbeddingExport.Summary sum;
        try (EmbeddingStore store = EmbeddingStore.open(tmp.resolve("embeddings.db"))) {
            store.putAll("v1", emb);
            store.putAll("other", Map.of("/music/5.flac", new float[]{1, 2}));
            // Song 3 has descriptors (tempo, A minor, loudness, …), song 1 has none, song 7 has no tempo and no key.
            org.musicrec.describe.SongDescriptors d3 = new org.musicrec.describe.SongDescriptors(128, 0.8, 64, 0.6, 3.5,
                    9, true, 0.4, -9.25, 6, 1800, 4200, 0.05, 900, 0.7, 0.12);
            org.musicrec.describe.SongDescriptors d7 = new org.musicrec.describe.SongDescriptors(Double.NaN, 0, Double.NaN,
                    Double.NaN, 0.5, -1, false, 0, -30, Double.NaN, 500, 700, 0.2, 300, 0.9, 0.4);
            sum = EmbeddingExport.export(store, "v1", library, new GenreMapper(), Map.of(
                    EmbeddingExtractor.key(library.get(1)), d3, EmbeddingExtractor.key(library.get(0)), d7),
                    MapColouring.TEMPO, out, counting);
        }
        assertEquals(List.of(5L, 5L), counting.seen, "started with 5 steps, made all 5");
        assertEquals(3, sum.rows());
        assertEquals(6, sum.dim());
        assertEquals(1, sum.withoutEmbedding());

        Npy.Array npy = Npy.read(out.resolve(EmbeddingExport.NPY));
        assertArrayEquals(new int[]{3, 6}, npy.shape());
        assertEquals(Npy.DType.FLOAT32, npy.dtype());
        float[] flat = npy.toFloats();

        List<String> tsv = Files.readAllLines(out.resolve(EmbeddingExport.TSV));
        assertEquals("rowid\tartist\ttitle\talbum\tgenre\tcategories\trating\tpath\ttempo_bpm\tkey\tmode\tloudness_lufs"
                + "\tloudness_range_lu\tcentroid_hz\tpulse_clarity\tonset_rate\tharmonic_share\tlow_end_share", tsv.get(0));
        assertEquals(4, tsv.size(), "header + one line per row: the tab/newline in a title must not split rows");
        List<String> jsonl = Files.readAllLines(out.resolve(EmbeddingExport.JSONL));
        assertEquals(3, jsonl.size());
        ObjectMapper json = new ObjectMapper();
        long[] expectedOrder = {1, 3, 7};
        for (int i = 0; i < 3; i++) {
            String[] cells = tsv.get(i + 1).split("\t", -1);
            assertEquals(18, cells.length, tsv.get(i + 1));
            JsonNode o = json.readTree(jsonl.get(i));
            assertEquals(expectedOrder[i], Long.parseLong(cells[0]));
            assertEquals(expectedOrder[i], o.get("rowid").asLong());
            assertEquals(cells[7], o.get("path").asText());
            assertArrayEquals(emb.get(cells[7]), Arrays.copyOfRange(flat, i * 6, i * 6 + 6), 0f,
                    "npy row " + i + " is the embedding of the song on metadata row " + i);
        }
        assertEquals("Three bad name", tsv.get(2).split("\t")[2]);
        assertEquals("Three\tbad\nname", json.readTree(jsonl.get(1)).get("title").asText(), "JSON keeps the tag as is");
        assertEquals("rock,pop", tsv.get(2).split("\t", -1)[5]);
        assertEquals("", tsv.get(2).split("\t", -1)[6], "unrated: empty rating cell");
        assertTrue(json.readTree(jsonl.get(1)).get("rating").isNull());
        assertEquals(4.5, json.readTree(jsonl.get(2)).get("rating").asDouble());
        assertEquals("pop,latin_world", tsv.get(1).split("\t", -1)[5]);
        String[] three = tsv.get(2).split("\t", -1), seven = tsv.get(3).split("\t", -1), one = tsv.get(1).split("\t", -1);
        assertEquals(List.of("128.0", "A minor", "minor", "-9.25"), List.of(three).subList(8, 12));
        assertEquals(List.of("", "", "", "-30.0"), List.of(seven).subList(8, 12), "no tempo, no key: empty cells");
        assertTrue(List.of(one).subList(8, 18).stream().allMatch(String::isEmpty), "no descriptors: empty cells");
        JsonNode j3 = json.readTree(jsonl.get(1)), j7 = json.readTree(jsonl.get(2));
        assertEquals(128.0, j3.get("tempo_bpm").asDouble());
        assertEquals("minor", j3.get("mode").asText());
        assertTrue(j7.get("tempo_bpm").isNull() && j7.get("key").isNull());
        assertEquals(-30.0, j7.get("loudness_lufs").asDouble());
        assertTrue(Files.size(out.resolve(EmbeddingExport.MAP)) > 1000);
        try (var files = Files.list(out)) {
            assertEquals(4, files.count(), "no temp files left behind");
        }
    }

    @Test
    void unknownVersionNamesTheVersionsPresent() throws Exception {
        try (EmbeddingStore store = EmbeddingStore.open(tmp.resolve("embeddings.db"))) {
            store.putAll("v1", Map.of("/music/1.flac", new float[]{1, 2}));
            Exception e = assertThrows(java.io.IOException.class, () -> EmbeddingExport.export(store, "v9",
                    List.of(song(1, "One", "", -1)), new GenreMapper(), tmp.resolve("x")));
            assertTrue(e.getMessage().contains("v9") && e.getMessage().contains("v1"), e.getMessage());
        }
    }

    @Test
    void pcaFindsTheDirectionOfLargestVariance() {
        // Points spread 10x more along (1,1,0)/sqrt2 than along (0,0,1); almost none along (1,-1,0).
        Random r = new Random(3);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double a = 10 * r.nextGaussian(), b = r.nextGaussian(), c = 0.01 * r.nextGaussian();
            rows.add(new float[]{(float) (5 + (a + c) / Math.sqrt(2)), (float) (-2 + (a - c) / Math.sqrt(2)), (float) b});
        }
        double[][] xy = Pca.project(rows, 2);
        // Coordinates are relative to the sample mean and signs are a convention: compare differences, up to sign.
        double sign0 = 0, sign1 = 0;
        for (int i = 1; i < 20; i++) {
            float[] p = rows.get(i), q = rows.get(0);
            double along = ((p[0] - q[0]) + (p[1] - q[1])) / Math.sqrt(2);
            double third = p[2] - q[2];
            double d0 = xy[i][0] - xy[0][0], d1 = xy[i][1] - xy[0][1];
            sign0 = sign0 == 0 ? Math.signum(along * d0) : sign0;
            sign1 = sign1 == 0 ? Math.signum(third * d1) : sign1;
            assertEquals(along, sign0 * d0, 0.05, "first component");
            // Finite-sample correlation tilts the second axis slightly towards the first: a looser tolerance.
            assertEquals(third, sign1 * d1, 0.2, "second component");
        }
    }
}
