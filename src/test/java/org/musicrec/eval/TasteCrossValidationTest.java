package org.musicrec.eval;

import org.junit.jupiter.api.Test;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.recommend.VectorCentre;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product's rating model (metadata prior + audio corrections) under the same cross-validation
 * as the baselines, on constructed libraries where the answer is known.
 */
class TasteCrossValidationTest {
    private static final String[] TAGS = {"Rock", "Pop", "Techno", "Rap", "Jazz", "Country", "Salsa"};
    private static final GenreMapper MAPPER = new GenreMapper();

    private static ClassifierConfig config(boolean prior, int knn) {
        return new ClassifierConfig(List.of(32, 16), 0.1, 30, 32, 3e-3, 10, 5, true, 1, 10, "t", prior, "auto", knn, true, true, 0);
    }

    private record Library(List<Song> rated, Map<Long, float[]> vectors) {
    }

    /**
     * 80 rated songs, genre tags dealt at random; stars = 2.5 + genreEffect·(genre index − 3) / 3
     * + audioEffect·v[0] + noise, where v[0] is the first of 8 vector dimensions (the rest is noise).
     */
    private static Library library(double genreEffect, double audioEffect, long seed) {
        Random r = new Random(seed);
        List<Song> rated = new ArrayList<>();
        Map<Long, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 80; i++) {
            int g = r.nextInt(TAGS.length);
            float[] v = new float[8];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            double stars = 2.5 + genreEffect * (g - 3) / 3.0 + audioEffect * v[0] + 0.2 * r.nextGaussian();
            stars = Math.round(Math.max(0, Math.min(5, stars)) * 2) / 2.0;
            rated.add(new Song(i, "t" + i, "artist " + i, "album " + i, 0, stars, TAGS[g], "", Path.of("/m/" + i), 0, 0, 0));
            vectors.put((long) i, v);
        }
        return new Library(rated, vectors);
    }

    private static double[] cvMae(Library lib, ClassifierConfig c) {
        RatingCrossValidation cv = new RatingCrossValidation(c, 0.8, 42, 5);
        double[] stars = lib.rated().stream().mapToDouble(Song::stars).toArray();
        double[] model = cv.predictWithModel(lib.rated(), s -> lib.vectors().get(s.rowid()),
                VectorCentre.of(lib.vectors().values()), null, null, "v", MAPPER);
        double[] meta = cv.predictWithMetadata(lib.rated(), MAPPER);
        return new double[]{RankMetrics.meanAbsoluteError(model, stars), RankMetrics.meanAbsoluteError(meta, stars)};
    }

    @Test
    void beatsTheTagsOnlyRecommenderWhenTheAudioCarriesTheTaste() {
        double[] mae = cvMae(library(0, 1.0, 5), config(true, 10));
        assertTrue(mae[0] < 0.75 * mae[1], "model " + mae[0] + " vs metadata " + mae[1]);
    }

    @Test
    void theTagsPriorKeepsItAsGoodAsTheTagsWhenTheAudioIsNoise() {
        Library lib = library(1.5, 0, 6);
        double[] withPrior = cvMae(lib, config(true, 10));
        double[] without = cvMae(lib, config(false, 10));
        // With the prior, noise vectors cost little against the tags-only baseline; without it the
        // model has nothing to go on but noise.
        assertTrue(withPrior[0] < withPrior[1] + 0.1, "model " + withPrior[0] + " vs metadata " + withPrior[1]);
        assertTrue(withPrior[0] < without[0] - 0.1, "prior " + withPrior[0] + " vs none " + without[0]);
    }
}
