package org.musicrec.recommend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.eval.CosineNormaliser;
import org.musicrec.io.AtomicFiles;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingMatrixLoaderTest {
    private static final String V = "v1";
    private static final int DIM = 37; // not a multiple of the dot product's 8 lanes

    @TempDir
    Path tmp;

    private final Random random = new Random(11);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private Path db() {
        return tmp.resolve("embeddings.db");
    }

    private Path file() {
        return tmp.resolve("embeddings-v1.matrix");
    }

    private static Song song(int i) {
        Path p = Path.of("/music/a" + (i % 7) + "/s" + String.format("%04d", i) + ".mp3");
        return new Song(i, "t" + i, "Artist " + (i % 7), "x", 0, -1, "", FileUrls.toUrl(p), p, 0, 0, 200);
    }

    private float[] vector() {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Songs 0..n-1 in store-key order, each with a random embedding. */
    private List<Song> library(int n) throws IOException {
        List<Song> songs = new ArrayList<>();
        Map<String, float[]> emb = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            songs.add(song(i));
            emb.put(song(i).path().toString(), vector());
        }
        put(emb);
        songs.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
        return songs;
    }

    private void put(Map<String, float[]> emb) throws IOException {
        try (EmbeddingStore s = EmbeddingStore.open(db())) {
            s.putAll(V, emb);
        }
    }

    private EmbeddingMatrix load() throws IOException {
        logBytes.reset();
        return EmbeddingMatrixLoader.load(db(), file(), V, log);
    }

    private String logged() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private boolean rebuilt() {
        return logged().contains("Indexing");
    }

    /** The old path: every embedding read from the store into memory, songs without one left out. */
    private SimilarSongs inMemory(List<Song> library) throws IOException {
        Map<String, float[]> emb;
        try (EmbeddingStore s = EmbeddingStore.open(db())) {
            emb = s.getAll(V);
        }
        List<Song> songs = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (Song s : library) {
            if (emb.containsKey(s.path().toString())) {
                songs.add(s);
                vectors.add(emb.get(s.path().toString()));
            }
        }
        return new SimilarSongs(songs, vectors);
    }

    private void assertSameNeighbours(List<Song> library, EmbeddingMatrix m) throws IOException {
        SimilarSongs expected = inMemory(library);
        SimilarSongs actual = SimilarSongs.over(m, library);
        for (int i = 0; i < library.size(); i += 9) {
            Song seed = library.get(i);
            if (expected.indexOf(seed) >= 0) {
                assertEquals(expected.nearest(seed, 12, 2), actual.nearest(seed, 12, 2), "seed " + seed.path());
            }
        }
    }

    @Test
    void withoutEmbeddingsNothingIsCreated() throws Exception {
        java.io.PrintStream quiet = new java.io.PrintStream(new java.io.ByteArrayOutputStream());
        java.io.IOException none = assertThrows(java.io.IOException.class,
                () -> EmbeddingMatrixLoader.load(tmp.resolve("embeddings.db"), tmp.resolve("embeddings-v1.matrix"), "v1", quiet));
        assertTrue(none.getMessage().startsWith("no embeddings yet"), none.getMessage());
        try (var left = java.nio.file.Files.list(tmp)) {
            assertEquals(0, left.count(), "no empty embeddings.db, no .matrix left behind");
        }
        try (org.musicrec.embed.EmbeddingStore s = org.musicrec.embed.EmbeddingStore.open(tmp.resolve("embeddings.db"))) {
            s.putAll("v2", java.util.Map.of("/m/a.mp3", new float[]{1, 0}));
        }
        java.io.IOException other = assertThrows(java.io.IOException.class,
                () -> EmbeddingMatrixLoader.load(tmp.resolve("embeddings.db"), tmp.resolve("embeddings-v1.matrix"), "v1", quiet));
        assertTrue(other.getMessage().contains("no embeddings of version v1") && other.getMessage().contains("[v2]"),
                other.getMessage());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("embeddings-v1.matrix")));
    }

    @Test
    void persistedMatrixGivesTheSameNeighboursAsTheInMemoryPath() throws Exception {
        List<Song> library = library(300);
        EmbeddingMatrix built = load();
        assertTrue(rebuilt(), logged());
        assertTrue(Files.isRegularFile(file()));
        assertSameNeighbours(library, built);

        EmbeddingMatrix mapped = load();
        assertFalse(rebuilt(), "a current file must be used as it is: " + logged());
        assertEquals(built.keys(), mapped.keys());
        assertSameNeighbours(library, mapped);
    }

    @Test
    void aStaleFileIsNeverUsed() throws Exception {
        List<Song> library = library(200);
        load();
        Song seed = library.get(5);
        Song twin = library.get(150);

        // Re-embed within the same second: the twin now points where the seed does.
        float[] seedVector;
        try (EmbeddingStore s = EmbeddingStore.open(db())) {
            seedVector = s.getAll(V).get(seed.path().toString());
        }
        put(Map.of(twin.path().toString(), seedVector.clone()));
        EmbeddingMatrix m = load();
        assertTrue(rebuilt(), "re-embedded song: " + logged());
        SimilarSongs.Neighbour top = SimilarSongs.over(m, library).nearest(seed, 1, 5).get(0);
        assertEquals(twin, top.song());
        assertEquals(1.0, top.similarity(), 1e-6);
        assertSameNeighbours(library, m);

        // Add a song.
        Song added = song(999);
        put(Map.of(added.path().toString(), vector()));
        library.add(added);
        m = load();
        assertTrue(rebuilt(), "added song: " + logged());
        assertTrue(m.rowOf(added.path().toString()) >= 0);
        assertSameNeighbours(library, m);

        // Remove one.
        try (EmbeddingStore s = EmbeddingStore.open(db())) {
            s.removeAll(List.of(library.get(7).path().toString()));
        }
        m = load();
        assertTrue(rebuilt(), "removed song: " + logged());
        assertEquals(-1, m.rowOf(library.get(7).path().toString()));
        assertEquals(200, m.size());
        assertSameNeighbours(library, m);

        load();
        assertFalse(rebuilt(), "nothing changed since: " + logged());
    }

    @Test
    void aStoreMadeAnewIsNotMistakenForTheOldOne() throws Exception {
        library(50);
        load();
        Files.delete(db());
        List<Song> library = library(50); // same keys, same count, same number of writes, new vectors
        EmbeddingMatrix m = load();
        assertTrue(rebuilt(), logged());
        assertSameNeighbours(library, m);
    }

    @Test
    void aFileBuiltWithAnotherNormalisationIsRebuilt() throws Exception {
        List<Song> library = library(60);
        load();
        EmbeddingStore.Matrix raw;
        try (EmbeddingStore s = EmbeddingStore.open(db())) {
            raw = s.matrix(V);
        }
        // As if CosineNormaliser had changed since: the store is unchanged, only the normaliser differs.
        MatrixFile.Fingerprint other = new MatrixFile.Fingerprint(V, raw.state().storeId(), raw.state().generation(),
                raw.state().count(), CosineNormaliser.SIGNATURE + 1);
        MatrixFile.write(file(), other, raw.keys(), raw.dim(), raw.rows());
        EmbeddingMatrix m = load();
        assertTrue(rebuilt(), logged());
        assertSameNeighbours(library, m);
    }

    @Test
    void damagedOrTruncatedFilesAreRebuiltWithAWarning() throws Exception {
        List<Song> library = library(120);
        load();
        byte[] good = Files.readAllBytes(file());
        int rowsStart = good.length - 120 * DIM * 4;
        List<byte[]> damaged = new ArrayList<>();
        for (int len : new int[]{0, 1, 39, 40, 41, 100, rowsStart - 1, rowsStart, rowsStart + 1, rowsStart + 4 * DIM,
                good.length / 2, good.length - 4, good.length - 1}) {
            damaged.add(Arrays.copyOf(good, len));
        }
        damaged.add(Arrays.copyOf(good, good.length + 1));
        for (int at : new int[]{0, 9, 17, 25, 29, 33, 45, 100, rowsStart - 200, rowsStart + 3, good.length - 2}) {
            byte[] b = good.clone();
            b[at] ^= 0x10;
            damaged.add(b);
        }
        byte[] garbage = new byte[good.length];
        random.nextBytes(garbage);
        damaged.add(garbage);
        for (int i = 0; i < damaged.size(); i++) {
            Files.write(file(), damaged.get(i));
            EmbeddingMatrix m = load();
            assertTrue(logged().contains("warning:") && logged().contains("rebuilding"), "damage " + i + ": " + logged());
            assertTrue(rebuilt(), "damage " + i);
            assertSameNeighbours(library, m);
            assertArrayEquals(good, Files.readAllBytes(file()), "damage " + i + " left a rebuilt file that differs");
        }
        load();
        assertEquals("", logged());
    }

    @Test
    void noPrefixOfAMatrixFileLoadsAsValid() throws Exception {
        library(40);
        load();
        byte[] good = Files.readAllBytes(file());
        MatrixFile.Fingerprint current;
        try (EmbeddingStore s = EmbeddingStore.open(db())) {
            current = MatrixFile.Fingerprint.of(V, s.state(V));
        }
        Path cut = tmp.resolve("cut.matrix");
        // Every length up to the rows, then a stride through them: whatever a non-atomic file
        // system might leave after a crash, nothing but the whole file is accepted.
        for (int len = 0; len < good.length; len += len < 2000 ? 1 : 97) {
            Files.write(cut, Arrays.copyOf(good, len));
            int l = len;
            assertThrows(MatrixFile.Invalid.class, () -> MatrixFile.readIfCurrent(cut, current), "length " + l);
        }
        Files.write(cut, good);
        assertTrue(MatrixFile.readIfCurrent(cut, current).isPresent());
    }

    @Test
    void writingIsAtomic() throws Exception {
        Path target = tmp.resolve("out.bin");
        AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
        // The writer dies half-way (as a kill would leave it): the old file stays, no temp file stays.
        assertThrows(IOException.class, () -> AtomicFiles.write(target, ch -> {
            ch.write(ByteBuffer.wrap(new byte[1 << 20]));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(target), files.toList());
        }

        // A temp file left by a killed process is never taken for the matrix.
        library(30);
        Path leftover = tmp.resolve("." + file().getFileName() + ".12345.1" + AtomicFiles.TEMP_SUFFIX);
        Files.write(leftover, new byte[]{1, 2, 3});
        load();
        assertTrue(rebuilt());
        assertTrue(AtomicFiles.isTemp(leftover));
        load();
        assertFalse(rebuilt(), logged());
    }

    @Test
    void refreshIfPresentUpdatesAnExistingFileAndCreatesNone() throws Exception {
        library(30);
        logBytes.reset();
        EmbeddingMatrixLoader.refreshIfPresent(db(), file(), V, log);
        assertFalse(Files.exists(file()));
        load();
        put(Map.of(song(500).path().toString(), vector()));
        logBytes.reset();
        EmbeddingMatrixLoader.refreshIfPresent(db(), file(), V, log);
        assertTrue(rebuilt(), logged());
        assertTrue(load().rowOf(song(500).path().toString()) >= 0);
        assertFalse(rebuilt(), logged());
    }

    @Test
    void rowsOfSongsNotInTheLibraryAreNeverReturned() throws Exception {
        List<Song> all = library(60);
        List<Song> library = new ArrayList<>(all.subList(0, 35));
        SimilarSongs sim = SimilarSongs.over(load(), library);
        // Asking for more than the library holds returns all of it (and must stop asking).
        List<SimilarSongs.Neighbour> hits = sim.nearest(library.get(0), 100, 100);
        assertEquals(34, hits.size());
        assertTrue(hits.stream().allMatch(h -> library.contains(h.song()) && !h.song().equals(library.get(0))));
        assertThrows(IllegalArgumentException.class, () -> sim.nearest(all.get(50), 5, 2));
    }
}
