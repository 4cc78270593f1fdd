package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.config.PathsConfig;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.FileUrls;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PlayerFlavour;
import org.musicrec.library.Song;
import org.musicrec.recommend.SimilarSongs;
import org.musicrec.recommend.SoundFilter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimilarStageTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);

    private MusicrecConfig config() {
        return new ConfigLoader().defaults().withPaths(new PathsConfig(tmp.resolve("cache").toString(),
                tmp.resolve("models").toString(), tmp.resolve("out").toString()));
    }

    private List<SimilarSongs.Neighbour> similar(MusicrecConfig cfg, LibraryScan scan, Song seed) throws Exception {
        outBytes.reset();
        return SimilarStage.run(cfg, scan, seed, "v1", 10, 2, out);
    }

    private boolean indexed() {
        return outBytes.toString(StandardCharsets.UTF_8).contains("Indexing");
    }

    @Test
    void answersFromThePersistedMatrixUntilTheStoreChanges() throws Exception {
        MusicrecConfig cfg = config();
        Random r = new Random(4);
        List<Song> songs = new ArrayList<>();
        Map<String, float[]> emb = new LinkedHashMap<>();
        for (int i = 0; i < 90; i++) {
            Path f = tmp.resolve("music/a" + (i % 6) + "/s" + i + ".mp3");
            float[] e = new float[24];
            for (int d = 0; d < e.length; d++) {
                e[d] = (float) r.nextGaussian();
            }
            emb.put(f.toString(), e);
            // Songs 80.. left the library but their embeddings are still stored.
            if (i < 80) {
                songs.add(new Song(i + 1, "t" + i, "Artist " + (i % 6), "Album", 2000, -1, "", FileUrls.toUrl(f), f, 0, 1, 60));
            }
        }
        try (EmbeddingStore s = EmbeddingStore.open(Workspace.of(cfg).embeddingsDb())) {
            s.putAll("v1", emb);
        }
        LibraryScan scan = new LibraryScan(PlayerFlavour.CLEMENTINE, songs, List.of());
        List<float[]> vectors = songs.stream().map(s -> emb.get(s.path().toString())).toList();
        SimilarSongs inMemory = new SimilarSongs(songs, vectors);
        Song seed = songs.get(3);

        List<SimilarSongs.Neighbour> first = similar(cfg, scan, seed);
        assertTrue(indexed());
        assertEquals(inMemory.nearest(seed, 10, 2).stream().map(h -> h.song().rowid() + "@" + h.similarity()).toList(),
                first.stream().map(h -> h.song().rowid() + "@" + h.similarity()).toList());
        for (int i = 0; i < first.size(); i++) {
            double share = first.get(i).closerThanShare();
            assertTrue(share >= 0 && share <= 1, "share " + share);
            assertTrue(i == 0 || share <= first.get(i - 1).closerThanShare(), "nearer songs are closer than more songs");
        }
        assertTrue(Files.isRegularFile(Workspace.of(cfg).similarityMatrix("v1")));
        String xspf = Files.readString(tmp.resolve("out/similar.xspf"));
        assertFalse(xspf.contains("predicted"), "no prediction is made here, so none is shown: " + xspf);
        assertTrue(xspf.contains("<annotation>musicrec: sounds like your pick (closer than ") && xspf.contains("not rated yet"), xspf);

        assertEquals(first, similar(cfg, scan, seed));
        assertFalse(indexed(), "the persisted matrix must be used");

        Song twin = songs.get(40);
        try (EmbeddingStore s = EmbeddingStore.open(Workspace.of(cfg).embeddingsDb())) {
            s.putAll("v1", Map.of(twin.path().toString(), emb.get(seed.path().toString()).clone()));
        }
        List<SimilarSongs.Neighbour> after = similar(cfg, scan, seed);
        assertTrue(indexed());
        assertEquals(twin, after.get(0).song());
        assertEquals(1.0, after.get(0).closerThanShare(), 1e-12, "the twin is closer than every other song");
    }

    @Test
    void tempoAndModeFiltersListOnlySongsWhoseDescriptorsFitAndStillTheNearestOfThose() throws Exception {
        MusicrecConfig cfg = config();
        Random r = new Random(9);
        List<Song> songs = new ArrayList<>();
        Map<String, float[]> emb = new LinkedHashMap<>();
        Map<String, SongDescriptors> desc = new LinkedHashMap<>();
        Map<String, DescriptorStore.Source> sources = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            Path f = tmp.resolve("music/s" + i + ".flac");
            float[] e = new float[16];
            for (int d = 0; d < e.length; d++) {
                e[d] = (float) r.nextGaussian();
            }
            emb.put(f.toString(), e);
            songs.add(new Song(i + 1, "t" + i, "Artist " + i, "Album", 2000, -1, "", FileUrls.toUrl(f), f, 0, 1, 60));
            if (i % 10 != 9) {   // every tenth song has no descriptors yet
                desc.put(f.toString(), new SongDescriptors(70 + i, 0.8, Double.NaN, 0.6, 3, i % 12, i % 3 == 0, 0.7,
                        -14, 6, 1800, 4000, 0.05, 1500, 0.7, 0.2));
                sources.put(f.toString(), new DescriptorStore.Source(SongDescriptors.ALGORITHM, 0, 1));
            }
        }
        try (EmbeddingStore s = EmbeddingStore.open(Workspace.of(cfg).embeddingsDb())) {
            s.putAll("v1", emb);
        }
        LibraryScan scan = new LibraryScan(PlayerFlavour.CLEMENTINE, songs, List.of());
        Song seed = songs.get(30);   // 100 BPM, minor
        SoundFilter filter = SoundFilter.tempo("90-120").withMode("same");
        assertThrows(IllegalArgumentException.class, () -> SimilarStage.run(cfg, scan, seed, "v1", 5, 1, filter, out),
                "no descriptors.db yet: the filter cannot be applied and must say so");

        try (DescriptorStore d = DescriptorStore.open(Workspace.of(cfg).descriptorsDb())) {
            d.putAll(desc, sources);
        }
        List<SimilarSongs.Neighbour> hits = SimilarStage.run(cfg, scan, seed, "v1", 5, 1, filter, out);
        List<Song> fitting = songs.stream().filter(s -> s != seed && desc.containsKey(s.path().toString())
                && desc.get(s.path().toString()).tempoBpm() >= 90 && desc.get(s.path().toString()).tempoBpm() <= 120
                && desc.get(s.path().toString()).minor()).toList();
        List<float[]> vectors = songs.stream().map(s -> emb.get(s.path().toString())).toList();
        List<Song> expected = new SimilarSongs(songs, vectors).nearest(seed, 5, 1, fitting::contains).stream()
                .map(SimilarSongs.Neighbour::song).toList();
        assertTrue(fitting.size() > 5);
        assertEquals(5, hits.size());
        assertEquals(expected, hits.stream().map(SimilarSongs.Neighbour::song).toList());
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("(90–120 BPM, same mode as the seed)"));
    }

    @Test
    void matrixFilesOfDistinctVersionsAreDistinctAndStayInTheModelsFolder() {
        Workspace ws = Workspace.of(config());
        Path plain = ws.similarityMatrix("moco-v2-1");
        assertEquals(ws.modelsDir().resolve("embeddings-moco-v2-1.matrix"), plain);
        Path slash = ws.similarityMatrix("a/../b");
        Path underscore = ws.similarityMatrix("a_.._b");
        assertNotEquals(slash, underscore);
        assertEquals(ws.modelsDir(), slash.getParent());
        assertEquals(ws.modelsDir(), underscore.getParent());
    }
}
