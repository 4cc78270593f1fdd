package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.config.PathsConfig;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.FileUrls;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PlayerFlavour;
import org.musicrec.library.Song;
import org.musicrec.recommend.SimilarSongs;

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
        LibraryScan scan = new LibraryScan(PlayerFlavour.CLEMENTINE, songs, 0, List.of());
        List<float[]> vectors = songs.stream().map(s -> emb.get(s.path().toString())).toList();
        SimilarSongs inMemory = new SimilarSongs(songs, vectors);
        Song seed = songs.get(3);

        List<SimilarSongs.Neighbour> first = similar(cfg, scan, seed);
        assertTrue(indexed());
        assertEquals(inMemory.nearest(seed, 10, 2), first);
        assertTrue(Files.isRegularFile(Workspace.of(cfg).similarityMatrix("v1")));
        assertTrue(Files.isRegularFile(tmp.resolve("out/similar.xspf")));

        assertEquals(first, similar(cfg, scan, seed));
        assertFalse(indexed(), "the persisted matrix must be used");

        Song twin = songs.get(40);
        try (EmbeddingStore s = EmbeddingStore.open(Workspace.of(cfg).embeddingsDb())) {
            s.putAll("v1", Map.of(twin.path().toString(), emb.get(seed.path().toString()).clone()));
        }
        List<SimilarSongs.Neighbour> after = similar(cfg, scan, seed);
        assertTrue(indexed());
        assertEquals(twin, after.get(0).song());
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
