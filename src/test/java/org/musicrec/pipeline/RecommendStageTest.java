package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.config.PathsConfig;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.FileUrls;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PlayerFlavour;
import org.musicrec.library.Song;
import org.musicrec.recommend.PlaylistEntry;
import org.musicrec.recommend.Recommendations;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendStageTest {
    @TempDir
    Path tmp;

    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    /** 120 songs whose stars follow embedding dimension 0; even ones rated; 3 unrated ones have no embedding. */
    private LibraryScan library(MusicrecConfig cfg, String version) throws Exception {
        Random r = new Random(3);
        List<Song> songs = new ArrayList<>();
        Map<String, float[]> emb = new HashMap<>();
        String[] genres = {"Rock", "Jazz", "", "Hip-Hop"};
        for (int i = 0; i < 120; i++) {
            Path f = tmp.resolve("music/a" + (i % 9) + "/s" + i + ".mp3");
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[]{0});
            float[] e = new float[16];
            for (int d = 0; d < e.length; d++) {
                e[d] = (float) r.nextGaussian();
            }
            double stars = Math.round(2 * Math.max(0, Math.min(5, 2.5 + 1.3 * e[0]))) / 2.0;
            boolean rated = i % 2 == 0;
            songs.add(new Song(i + 1, "Title & <" + i + ">", "Artist " + (i % 9), "Album", 2000,
                    rated ? stars : -1, genres[i % 4], FileUrls.toUrl(f), f, 0, 1, 60));
            if (rated || i % 25 != 1) {
                emb.put(f.toString(), e);
            }
        }
        try (EmbeddingStore s = EmbeddingStore.open(Workspace.of(cfg).embeddingsDb())) {
            s.putAll(version, emb);
        }
        return new LibraryScan(PlayerFlavour.CLEMENTINE, songs, List.of());
    }

    private MusicrecConfig config() {
        MusicrecConfig base = new ConfigLoader().defaults();
        ClassifierConfig c = new ClassifierConfig(List.of(32, 16), 0.2, 15, 32, 3e-3, 10, 5, true, 4, 10, "clf-test", true, "auto", 5, true, true, 0);
        return base.withPaths(new PathsConfig(tmp.resolve("cache").toString(), tmp.resolve("models").toString(),
                tmp.resolve("out").toString())).withClassifier(c);
    }

    @Test
    void writesPlaylistsWhoseHelpPicksDifferFromBestPicks() throws Exception {
        MusicrecConfig cfg = config();
        LibraryScan scan = library(cfg, "v1");
        ClassifierStage.run(cfg, scan, "v1", quiet);
        Recommendations r = RecommendStage.run(cfg, scan, "v1", quiet);
        assertEquals(57, r.scored());
        assertEquals(3, r.noEmbedding());
        assertFalse(r.best().isEmpty());
        assertFalse(r.help().isEmpty());
        Set<Long> best = r.best().stream().map(e -> e.song().rowid()).collect(Collectors.toSet());
        assertTrue(r.help().stream().noneMatch(e -> best.contains(e.song().rowid())), "help picks differ from best picks");
        for (int i = 1; i < r.recommended().size(); i++) {
            assertTrue(r.recommended().get(i - 1).predictedStars() >= r.recommended().get(i).predictedStars());
        }
        for (int i = 1; i < r.help().size(); i++) {
            assertTrue(r.help().get(i - 1).uncertainty() >= r.help().get(i).uncertainty());
        }
        assertTrue(r.recommended().stream().allMatch(e -> e.predictedStars() >= 3.0));
        assertTrue(r.recommended().stream().noneMatch(e -> e.song().isRated()));
        Path out = Workspace.of(cfg).outputDir();
        for (String f : List.of("recommendations.txt", "best.xspf", "help.xspf", "best.m3u8", "help.m3u8")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        String xspf = Files.readString(out.resolve("best.xspf"));
        assertTrue(xspf.contains("Title &amp; &lt;"), "tags escaped");
    }

    @Test
    void refusesARatingModelTrainedOnAnotherEncoderVersion() throws Exception {
        MusicrecConfig cfg = config();
        LibraryScan scan = library(cfg, "v1");
        ClassifierStage.run(cfg, scan, "v1", quiet);
        library(cfg, "v2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendStage.run(cfg, scan, "v2", quiet));
        assertTrue(e.getMessage().contains("'v1'") && e.getMessage().contains("'v2'"), e.getMessage());
    }
}
