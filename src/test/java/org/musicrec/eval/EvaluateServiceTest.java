package org.musicrec.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.Song;
import org.musicrec.pipeline.SmallLibrary;
import org.musicrec.progress.Progress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate} end to end on a generated library whose genres sound clearly different. */
class EvaluateServiceTest {
    @TempDir
    static Path tmp;
    static SmallLibrary small;
    static EvaluationReport report;
    static String printed;

    @BeforeAll
    static void evaluate() throws Exception {
        small = SmallLibrary.create(tmp, 56, 1);
        // A tiny, fast rating model: the test is about the metrics, not the model.
        ClassifierConfig clf = new ClassifierConfig(List.of(16), 0.1, 8, 32, 3e-3, 3, 5, true, 1, 10, "test-clf", true, "auto", 5, true, true, 0);
        MusicrecConfig cfg = small.cfg.withClassifier(clf);
        // The "learned" embedding is random: the evaluation must not find structure in it.
        Random r = new Random(5);
        Map<String, float[]> fake = new HashMap<>();
        for (Song s : small.lib.cachedSongs()) {
            float[] v = new float[32];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            fake.put(EmbeddingExtractor.key(s), v);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (EmbeddingStore store = EmbeddingStore.open(tmp.resolve("embeddings.db"));
             PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            store.putAll("random", fake);
            report = EvaluateService.run(cfg, small.lib, store, "random", small.demo.truth(), tmp.resolve("eval"),
                    Progress.silent(), out);
        }
        printed = buf.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
    }

    @Test
    void handFeaturesFindGenresWellAboveChance() {
        RepresentationScores hand = report.representation("hand_features");
        assertTrue(report.genreSongs() >= 30, "songs with one category: " + report.genreSongs());
        assertTrue(hand.knn5Accuracy() > 2 * report.genreChance(),
                "5-NN accuracy " + hand.knn5Accuracy() + " vs chance " + report.genreChance() + "\n" + printed);
        assertTrue(hand.mapAt10() > report.representation("learned:random").mapAt10(), printed);
        assertEquals(168, hand.dim());
    }

    @Test
    void everyRepresentationHasRatingAndRecommendationMetrics() {
        assertEquals(List.of("learned:random", "hand_features", "metadata_only"),
                report.representations().stream().map(RepresentationScores::name).toList());
        assertEquals(5, report.cvFolds());
        assertTrue(report.truthSongs() > 0, printed);
        for (RepresentationScores r : report.representations()) {
            assertNotNull(r.cvMaeStars(), r.name());
            assertNotNull(r.ndcgAt20(), r.name());
            assertNotNull(r.precisionAt20(), r.name());
            assertTrue(r.ndcgAt20() > 0 && r.ndcgAt20() <= 1, r.name() + " " + r.ndcgAt20());
        }
        assertNull(report.representation("metadata_only").knn5Accuracy());
        assertTrue(report.verdict().startsWith("Verdict: learned:random beats both baselines on: "), report.verdict());
        assertEquals(6, report.beats().size() + report.loses().size());
    }

    @Test
    void handFeaturesAreStoredAndReusedWithoutReadingAudio() throws Exception {
        MusicrecConfig cfg = small.cfg;
        String version = StoredHandFeatures.version(org.musicrec.dsp.CqtFactory.params(cfg.cqt(), cfg.audio()),
                cfg.audio());
        try (EmbeddingStore store = EmbeddingStore.open(org.musicrec.pipeline.Workspace.of(cfg).handFeaturesDb())) {
            assertEquals(Map.of(version, small.lib.cachedSongs().size()), store.versions());
            HandFeatures unreadable = new HandFeatures(org.musicrec.dsp.CqtFactory.create(cfg.cqt(), cfg.audio()),
                    id -> {
                        throw new java.io.IOException("audio must not be read again");
                    }, 16);
            List<String> problems = new java.util.ArrayList<>();
            Map<Long, float[]> again = StoredHandFeatures.load(store, version, small.lib.cachedSongs(),
                    small.lib.cache(), unreadable, Progress.silent(), problems::add);
            assertEquals(small.lib.cachedSongs().size(), again.size());
            assertTrue(problems.isEmpty(), problems.toString());
        }
    }

    @Test
    void writesJsonAndTheTable() throws Exception {
        JsonNode j = new ObjectMapper().readTree(Files.readString(tmp.resolve("eval").resolve(EvaluateService.JSON)));
        assertEquals("random", j.get("embeddingVersion").asText());
        assertEquals(3, j.get("representations").size());
        assertTrue(j.get("representations").get(1).has("knn5Accuracy"));
        assertTrue(j.get("best").has("knn5Accuracy"));
        assertTrue(j.get("useGenre").asBoolean());
        String text = Files.readString(tmp.resolve("eval").resolve(EvaluateService.TEXT));
        assertTrue(text.contains("5-NN genre accuracy") && text.contains("Verdict:"), text);
        // what the ratings follow, as classifier says it (the demo listener rates mostly by genre)
        assertTrue(text.contains("What the ratings follow (held in at least 4 of 5 cross-validation folds):"), text);
        assertEquals(report.ratingsFollow().size(), j.get("ratingsFollow").size());
        for (String f : report.ratingsFollow()) {
            assertTrue(text.contains("  " + f) && f.contains("★") && f.contains("folds)"), f);
        }
        assertTrue(printed.contains(text.lines().findFirst().orElseThrow()), printed);
    }
}
