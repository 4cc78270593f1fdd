package org.musicrec.train;

import org.junit.jupiter.api.Test;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.config.ConfigLoader;
import org.musicrec.recommend.RatingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatingTrainerTest {
    private final ClassifierConfig base = new ConfigLoader().defaults().classifier();

    private ClassifierConfig small(int epochs) {
        return new ClassifierConfig(List.of(32, 16), 0.1, epochs, 32, 3e-3, 20, 5, false, 3, 10, "test-clf", false, "auto", 0, true, true, 0);
    }

    /** Stars follow feature 0 (plus noise) around an offset of 2.5; the other 15 features are noise. */
    private static List<RatedExample> examples(int n, long seed) {
        Random r = new Random(seed);
        List<RatedExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] f = new float[16];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) r.nextGaussian();
            }
            double stars = Math.max(0, Math.min(5, 2.5 + 1.2 * f[0] + 0.2 * r.nextGaussian()));
            out.add(new RatedExample(i, f, stars, 2.5));
        }
        return out;
    }

    @Test
    void learnsASignalAndReportsValidationMetrics() {
        RatingTrainer.Result r = new RatingTrainer(small(30), 0.8, 42).train(examples(200, 1), "enc-1", 16);
        RatingModel.Info info = r.model().info();
        assertEquals(160, info.trainSongs());
        assertEquals(40, info.validationSongs());
        assertTrue(info.validationSpearman() > 0.7, "spearman " + info.validationSpearman());
        assertTrue(info.validationMaeStars() < 0.8, "mae " + info.validationMaeStars());
        assertEquals("enc-1", info.encoderVersion());
        assertTrue(r.curve().validationLoss()[0] > r.curve().validationLoss()[10], "validation loss falls");
    }

    @Test
    void sameSeedSameModel() {
        List<RatedExample> ex = examples(60, 2);
        RatingModel a = new RatingTrainer(small(8), 0.8, 7).train(ex, "e", 16).model();
        RatingModel b = new RatingTrainer(small(8), 0.8, 7).train(ex, "e", 16).model();
        float[][] probe = {ex.get(0).features(), ex.get(1).features()};
        assertArrayEquals(stars(a.predict(probe)), stars(b.predict(probe)), 0.0);
        assertTrue(a.predict(probe)[0].spreadStars() >= 0);
    }

    @Test
    void anUntrainedNetworkPredictsNoCorrectionAndTrainingLearnsOne() {
        // zero output layer: before training, prediction = offset exactly, whatever the input
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork untrained = org.musicrec.model.RatingMlp.build(16,
                List.of(8), 0.1, 1e-3, 0, 1);
        List<RatedExample> ex = examples(200, 4);
        assertEquals(0.0, untrained.output(org.nd4j.linalg.factory.Nd4j.create(new float[][]{ex.get(0).features(),
                ex.get(1).features()})).norm1Number().doubleValue(), 0.0);
        // after training, the correction follows feature 0 (stars − offset = 1.2 · f0 + noise)
        RatingModel m = new RatingTrainer(small(30), 0.8, 3).train(ex, "e", 16).model();
        float[] up = new float[16], down = new float[16];
        up[0] = 1;
        down[0] = -1;
        RatingModel.Prediction[] p = m.predict(new float[][]{up, down});
        assertTrue(p[0].stars() > 0.5 && p[1].stars() < -0.5, p[0] + " " + p[1]);
    }

    @Test
    void tooFewRatedSongsSaysHowManyAreNeeded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RatingTrainer(base, 0.8, 1).train(examples(4, 3), "e", 16));
        assertTrue(e.getMessage().contains("at least " + base.minRatedSongs()) && e.getMessage().contains("found 4"),
                e.getMessage());
    }

    private static double[] stars(RatingModel.Prediction[] p) {
        double[] s = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            s[i] = p[i].stars();
        }
        return s;
    }
}
