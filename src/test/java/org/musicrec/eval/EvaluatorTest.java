package org.musicrec.eval;

import org.junit.jupiter.api.Test;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator on synthetic vectors: a "learned" embedding that clusters by genre, random "hand features". */
class EvaluatorTest {
    private static final String[] TAGS = {"Rock", "Pop", "Techno", "Rap", "Jazz", "Country", "Salsa"};
    private static final ClassifierConfig CLF =
            new ClassifierConfig(List.of(16), 0.1, 8, 32, 3e-3, 3, 5, false, 1, 10, "test-clf", true, "auto", 5, true, true, 0);

    private final List<Song> songs = new ArrayList<>();
    private final Map<Long, float[]> learned = new HashMap<>();
    private final Map<Long, float[]> hand = new HashMap<>();
    private final Map<Path, Double> truth = new HashMap<>();

    EvaluatorTest() {
        Random r = new Random(11);
        float[][] centre = new float[TAGS.length][12];
        for (float[] c : centre) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) (3 * r.nextGaussian());
            }
        }
        for (int i = 0; i < 70; i++) {
            int c = i % TAGS.length;
            double taste = 1 + 0.4 * c + r.nextGaussian() * 0.3;
            double stars = Math.max(0, Math.min(5, taste));
            boolean rated = i % 5 < 3;
            Path p = Path.of("/music/" + i + ".flac");
            songs.add(new Song(i, "t" + i, "a", "b", 0, rated ? Math.round(stars * 2) / 2.0 : -1, TAGS[c], "", p, 0, 0, 0));
            truth.put(p, stars);
            float[] e = centre[c].clone();
            float[] h = new float[20];
            for (int j = 0; j < e.length; j++) {
                e[j] += (float) (0.5 * r.nextGaussian());
            }
            for (int j = 0; j < h.length; j++) {
                h[j] = (float) r.nextGaussian();
            }
            learned.put((long) i, e);
            hand.put((long) i, h);
        }
    }

    private Evaluator evaluator() {
        return new Evaluator(CLF, 0.8, 42, new GenreMapper(), Evaluator.Settings.defaults());
    }

    @Test
    void genreMetricsSeparateStructureFromNoiseAndTheVerdictSaysSo() {
        EvaluationReport r = evaluator().evaluate("v1", songs, learned, hand, truth, line -> { });
        RepresentationScores l = r.representation("learned:v1"), h = r.representation("hand_features");
        assertEquals(70, r.songs());
        assertEquals(70, r.genreSongs());
        assertEquals(42, r.ratedSongs());
        assertEquals(28, r.truthSongs());
        assertEquals(10 / 70.0, r.genreChance(), 1e-12);
        assertTrue(l.knn5Accuracy() > 0.95, "clustered embedding: " + l.knn5Accuracy());
        assertTrue(h.knn5Accuracy() < 0.4, "random features: " + h.knn5Accuracy());
        assertEquals("learned:v1", r.best().get("knn5Accuracy"));
        assertTrue(r.beats().contains("knn5Accuracy") && r.beats().contains("mapAt10"), r.verdict());
        assertEquals(12, l.dim());
        assertEquals(20, h.dim());
        // The metadata baseline knows each category's mean, which is all the taste there is beyond noise here.
        RepresentationScores m = r.representation("metadata_only");
        assertTrue(m.cvSpearman() > 0.8, "metadata spearman " + m.cvSpearman());
        assertNotNull(m.ndcgAt20());
        assertTrue(r.format().contains("learned:v1") && r.format().contains(r.verdict()), r.format());
    }

    @Test
    void withoutTruthOrEnoughRatingsTheMissingMetricsAreNullAndExplained() {
        List<Song> fewRated = songs.stream().map(s -> s.rowid() < 20 ? s
                : new Song(s.rowid(), s.title(), s.artist(), s.album(), 0, -1, s.genre(), "", s.path(), 0, 0, 0)).toList();
        // 20 songs, 12 rated: 5 folds leave training folds of 9 or 10 songs, under min_rated_songs = 10 for some.
        EvaluationReport r = evaluator().evaluate("v1", fewRated.subList(0, 20), learned, hand, null, line -> { });
        assertNull(r.truthSongs());
        assertEquals(0, r.cvFolds());
        for (RepresentationScores s : r.representations()) {
            assertNull(s.cvMaeStars(), s.name());
            assertNull(s.ndcgAt20(), s.name());
        }
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("cross-validation skipped")), r.notes().toString());
        assertTrue(r.loses().isEmpty() || r.loses().stream().allMatch(k -> k.equals("knn5Accuracy") || k.equals("mapAt10")));
        assertTrue(r.toJson().contains("\"cvMaeStars\" : null"), r.toJson());
    }

    @Test
    void genreMetricsUseASeededSampleOfAtMostMaxGenreSongs() {
        // min_rated_songs above the library size: no rating models, this test is about the genre sample only.
        ClassifierConfig noRatingModels = new ClassifierConfig(List.of(16), 0.1, 8, 32, 3e-3, 3, 5, false, 1, 1000, "x", true, "auto", 5, true, true, 0);
        Evaluator ev = new Evaluator(noRatingModels, 0.8, 42, new GenreMapper(),
                new Evaluator.Settings(5, 5, 20, 4.0, 30, 1));
        EvaluationReport a = ev.evaluate("v1", songs, learned, hand, null, line -> { });
        EvaluationReport b = ev.evaluate("v1", songs, learned, hand, null, line -> { });
        assertEquals(30, a.genreSongs());
        assertEquals(a.representation("hand_features"), b.representation("hand_features"), "same seed, same sample");
        assertTrue(a.notes().stream().anyMatch(n -> n.contains("sample of 30 of the 70")), a.notes().toString());
    }

    @Test
    void aTieIsALossAndABaselineWithoutTheMetricIsIgnored() {
        RepresentationScores learnedScores = new RepresentationScores("learned:x", 8, 0.9, 0.5, 0.6, 0.7, 0.8, 0.5);
        RepresentationScores handScores = new RepresentationScores("hand_features", 168, 0.8, 0.5, 0.7, 0.6, 0.9, 0.4);
        RepresentationScores meta = new RepresentationScores("metadata_only", null, null, null, 0.5, 0.6, 0.7, 0.5);
        Verdict v = Verdict.of(learnedScores, List.of(handScores, meta));
        assertEquals(List.of("knn5Accuracy", "cvSpearman"), v.beats());
        assertEquals(List.of("mapAt10", "cvMaeStars", "ndcgAt20", "precisionAt20"), v.loses());
        assertEquals("learned:x = hand_features", v.best().get("mapAt10"));
        assertEquals("metadata_only", v.best().get("cvMaeStars"));
        assertEquals("Verdict: learned:x beats both baselines on: 5-NN genre accuracy, CV rating Spearman / loses on: same-genre mAP@10, "
                + "CV rating MAE (stars), NDCG@20 vs truth, precision@20 (>= 4 stars) -> not (yet) better than the baselines",
                v.line());
    }
}
