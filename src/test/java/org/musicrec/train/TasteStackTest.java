package org.musicrec.train;

import org.junit.jupiter.api.Test;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.eval.RankMetrics;
import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.recommend.DescriptorFeatures;
import org.musicrec.recommend.RatingModel;
import org.musicrec.recommend.TasteExplanation;
import org.musicrec.recommend.TasteModel;
import org.musicrec.recommend.VectorCentre;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stacked rating model on synthetic libraries whose taste is known: it must find a sound preference
 * in the descriptors from a few dozen ratings, give a useless part no weight, never do worse than the
 * prior in its own cross-validation, and say in words what the ratings follow.
 */
class TasteStackTest {
    private static final GenreMapper MAPPER = new GenreMapper();
    private static final String[] GENRES = {"Rock", "Pop", "Jazz", "Country", "Techno", "Hip Hop"};

    /** A library: songs with noise embeddings and descriptors; {@code taste} maps descriptors to true stars. */
    private record Library(List<Song> songs, Map<Long, float[]> embedding, Map<Long, SongDescriptors> descriptors,
                           Map<Long, Double> truth) {
        List<Song> rated() {
            return songs.stream().filter(Song::isRated).toList();
        }

        List<Song> unrated() {
            return songs.stream().filter(s -> !s.isRated()).toList();
        }

        DescriptorFeatures features() {
            List<DescriptorFeatures.Entry> e = new ArrayList<>();
            for (Song s : songs) {
                e.add(new DescriptorFeatures.Entry(descriptors.get(s.rowid()), MAPPER.categories(s.genre())));
            }
            return DescriptorFeatures.fit(e);
        }
    }

    interface Taste {
        double stars(SongDescriptors d, Random r);
    }

    private static Library library(int n, int rated, long seed, Taste taste) {
        Random r = new Random(seed);
        List<Song> songs = new ArrayList<>();
        Map<Long, float[]> emb = new HashMap<>();
        Map<Long, SongDescriptors> desc = new HashMap<>();
        Map<Long, Double> truth = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double bpm = 70 + 110 * r.nextDouble();
            boolean minor = r.nextBoolean();
            SongDescriptors d = new SongDescriptors(i % 17 == 0 ? Double.NaN : bpm, 0.5, Double.NaN, r.nextDouble(),
                    2 + 3 * r.nextDouble(), r.nextInt(12), minor, r.nextDouble(), -20 + 12 * r.nextDouble(),
                    3 + 8 * r.nextDouble(), 800 + 2500 * r.nextDouble(), 2000 + 5000 * r.nextDouble(),
                    0.01 + 0.2 * r.nextDouble(), 500 + 2000 * r.nextDouble(), r.nextDouble(), 0.3 * r.nextDouble());
            double t = Math.max(0, Math.min(5, taste.stars(new SongDescriptors(bpm, 0.5, Double.NaN, d.pulseClarity(),
                    d.onsetRate(), d.keyRoot(), minor, d.keyConfidence(), d.loudnessLufs(), d.loudnessRangeLu(),
                    d.centroidHz(), d.rolloffHz(), d.flatness(), d.zeroCrossingRate(), d.harmonicShare(),
                    d.lowEndShare()), r)));
            double stars = i < rated ? Math.max(0.5, Math.min(5, Math.round((t + 0.35 * r.nextGaussian()) * 2) / 2.0)) : -1;
            float[] v = new float[16];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (1 + r.nextGaussian());   // the embedding knows nothing of the taste
            }
            songs.add(new Song(i, "t" + i, "artist " + (i % 23), "album " + (i % 41), 0, stars, GENRES[i % GENRES.length],
                    "", Path.of("/m/" + i), 0, 0, 0));
            emb.put((long) i, v);
            desc.put((long) i, d);
            truth.put((long) i, t);
        }
        return new Library(songs, emb, desc, truth);
    }

    private static ClassifierConfig config(boolean mlp) {
        return new ClassifierConfig(List.of(16), 0.1, 10, 32, 3e-3, 5, 5, true, 1, 10, "t", true, "auto", 10, mlp, true, 0);
    }

    private static TasteTrainer.Result train(Library lib, boolean mlp, long seed) {
        return new TasteTrainer(config(mlp), 0.8, seed, MAPPER).train(lib.rated(), s -> lib.embedding().get(s.rowid()),
                VectorCentre.of(lib.embedding().values()), s -> lib.descriptors().get(s.rowid()), lib.features(), "v");
    }

    /** Spearman of the model's predictions of the unrated songs with their true stars. */
    private static double unratedSpearman(Library lib, TasteModel m) {
        List<Song> u = lib.unrated();
        RatingModel.Prediction[] p = m.predict(u, u.stream().map(s -> lib.embedding().get(s.rowid())).toList(),
                u.stream().map(s -> lib.descriptors().get(s.rowid())).toList());
        double[] pred = new double[p.length], truth = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            pred[i] = p[i].stars();
            truth[i] = lib.truth().get(u.get(i).rowid());
            assertTrue(p[i].spreadStars() > 0 && Double.isFinite(p[i].spreadStars()), "a real uncertainty");
        }
        return RankMetrics.spearman(pred, truth);
    }

    @Test
    void theBandShownBesideAPredictionHoldsAboutEightyPercentOfNewRatings() {
        int inside = 0, total = 0;
        for (long seed : new long[] {11, 12, 13}) {
            Library lib = library(400, 120, seed, (d, r) -> 3 + 0.03 * (d.tempoBpm() - 125) + (d.minor() ? -0.5 : 0.5));
            TasteModel m = train(lib, false, seed).model();
            double band = m.info().band80Stars();
            assertTrue(band > 0.2 && band < 2, "seed " + seed + ": band " + band);
            // the listener rates the songs they had not rated yet, with the same noise as before
            Random noise = new Random(seed + 99);
            List<Song> u = lib.unrated();
            RatingModel.Prediction[] p = m.predict(u, u.stream().map(x -> lib.embedding().get(x.rowid())).toList(),
                    u.stream().map(x -> lib.descriptors().get(x.rowid())).toList());
            for (int i = 0; i < p.length; i++) {
                double t = lib.truth().get(u.get(i).rowid());
                double rating = Math.max(0.5, Math.min(5, Math.round((t + 0.35 * noise.nextGaussian()) * 2) / 2.0));
                inside += Math.abs(p[i].stars() - rating) <= band ? 1 : 0;
                total++;
            }
            assertTrue(p[0].spreadStars() < band, "the model's own spread alone is far narrower than the errors");
        }
        double coverage = inside / (double) total;
        assertTrue(coverage > 0.72 && coverage < 0.9, "share of new ratings within the band: " + coverage);
    }

    @Test
    void findsATempoAndModePreferenceAcrossGenresFromFortyRatings() {
        for (long seed : new long[] {1, 2, 3}) {
            Library lib = library(160, 40, seed, (d, r) -> 3 + 0.035 * (d.tempoBpm() - 125) + (d.minor() ? -0.6 : 0.6));
            TasteTrainer.Result res = train(lib, false, seed);
            TasteModel.Info i = res.model().info();
            assertTrue(i.weight("descriptors") > 0.6, "seed " + seed + ": weights " + i.parts() + " " + i.weights());
            assertTrue(i.weight("embedding") < 0.3 && i.weight("neighbours") < 0.3, "noise parts: " + i.weights());
            assertTrue(i.cvSpearman() > 0.6 && i.cvSpearman() > i.priorCvSpearman() + 0.3,
                    "seed " + seed + ": CV Spearman " + i.cvSpearman() + " vs prior " + i.priorCvSpearman());
            double rho = unratedSpearman(lib, res.model());
            assertTrue(rho > 0.8, "seed " + seed + ": unrated Spearman " + rho);
            String words = String.join("\n", i.ratingsFollow());
            assertTrue(words.contains("faster songs: +0.") || words.contains("faster songs: +1."), words);
            assertTrue(words.contains("major keys: +"), words);
        }
    }

    @Test
    void aPriorThatCannotRankShowsNoSpearman() {
        int flat = 0;
        for (long seed : new long[] {1, 2, 3}) {
            // 150 ratings of a taste the tags know nothing of: every level of the prior shrinks to the mean
            Library lib = library(200, 150, seed, (d, r) -> 3 + 0.035 * (d.tempoBpm() - 125) + (d.minor() ? -0.6 : 0.6));
            TasteModel.Info i = train(lib, false, seed).model().info();
            boolean noRanking = i.priorSpreadStars() < TasteModel.Info.PRIOR_RANKS_STARS;
            flat += noRanking ? 1 : 0;
            assertEquals(noRanking, i.priorAlone().endsWith("no ranking: your tags tell nothing here"), i.priorAlone());
            if (noRanking) {
                // the mean less one song is anti-correlated with the song by construction: that number is not shown
                assertTrue(i.priorCvSpearman() < -0.5, "seed " + seed + ": " + i.priorCvSpearman());
            }
        }
        assertTrue(flat > 0, "at least one library whose tags tell nothing");
    }

    @Test
    void aUselessPartGetsNoWeightAndTheModelIsNeverWorseThanThePriorInItsOwnCrossValidation() {
        // The taste follows genre only: descriptors and embedding are noise.
        Library noise = library(150, 90, 9, (d, r) -> 0);
        Random r = new Random(9);
        List<Song> songs = new ArrayList<>();
        for (Song s : noise.songs()) {
            double base = switch (s.genre()) {
                case "Jazz" -> 4.2;
                case "Rock" -> 1.5;
                default -> 3;
            };
            double stars = s.isRated() ? Math.max(0.5, Math.min(5, Math.round((base + 0.4 * r.nextGaussian()) * 2) / 2.0)) : -1;
            songs.add(new Song(s.rowid(), s.title(), s.artist(), s.album(), 0, stars, s.genre(), "", s.path(), 0, 0, 0));
        }
        Library genre = new Library(songs, noise.embedding(), noise.descriptors(), noise.truth());
        TasteTrainer.Result res = train(genre, false, 9);
        TasteModel.Info i = res.model().info();
        // In squared error, which the weights minimise; clamping to 0–5 can only bring predictions closer.
        assertTrue(i.cvRmseStars() <= i.priorCvRmseStars() + 1e-9, i.cvRmseStars() + " vs prior " + i.priorCvRmseStars());
        double audioWeight = i.weight("descriptors") + i.weight("embedding") + i.weight("neighbours");
        assertTrue(audioWeight < 0.5, "noise parts got " + i.parts() + " " + i.weights());
        assertTrue(i.ratingsFollow().stream().anyMatch(t -> t.startsWith("genre jazz_classical: +")), i.ratingsFollow().toString());
        assertTrue(i.priorSpreadStars() > TasteModel.Info.PRIOR_RANKS_STARS
                && i.priorAlone().equals(String.format(java.util.Locale.ROOT, "%.2f, %.3f", i.priorCvMaeStars(), i.priorCvSpearman())),
                "genre means do rank: " + i.priorAlone());
        assertTrue(i.ratingsFollow().stream().noneMatch(t -> t.contains("songs:") && !t.startsWith("genre")),
                "no sound effect where there is none: " + i.ratingsFollow());
    }

    @Test
    void theMlpIsAPartLikeTheOthersAndTrainedOnlyWhenItGetsWeight() {
        Library lib = library(120, 60, 4, (d, r) -> 3 + 0.03 * (d.tempoBpm() - 125));
        TasteTrainer.Result res = train(lib, true, 4);
        TasteModel.Info i = res.model().info();
        assertTrue(i.parts().contains("mlp"), i.parts().toString());
        int at = i.parts().indexOf("mlp");
        assertEquals(i.weights().get(at) > 0, res.model().partsOrNull().get(at) != null);
        assertEquals(i.weights().get(at) > 0, res.curve() != null);
        assertTrue(i.weight("descriptors") > 0.5, i.weights().toString());
    }

    @Test
    void explanationsNeedCrossValidationSupport() {
        // Pure noise ratings: nothing should be claimed.
        Library lib = library(200, 120, 5, (d, r) -> 2.5 + 1.2 * r.nextGaussian());
        List<TasteExplanation.Effect> e = TasteExplanation.of(lib.rated(), s -> lib.descriptors().get(s.rowid()), MAPPER, 5);
        assertTrue(e.size() <= 1, "claims on noise: " + e);
        // A loudness preference with a known size: +0.5 stars per 5 LU louder.
        Library loud = library(200, 120, 6, (d, r) -> 3 + 0.1 * (d.loudnessLufs() + 14));
        List<TasteExplanation.Effect> f = TasteExplanation.of(loud.rated(), s -> loud.descriptors().get(s.rowid()), MAPPER, 6);
        TasteExplanation.Effect l = f.stream().filter(x -> x.property().equals("loudness")).findFirst().orElseThrow();
        assertEquals(0.5, l.stars(), 0.15, l.text());
        assertTrue(l.text().startsWith("louder songs: +0.5★ per 5 LU louder"), l.text());
        assertEquals(GenreCategory.COUNT, GenreCategory.values().length);
    }
}
