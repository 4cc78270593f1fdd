package org.musicrec.eval;

import org.musicrec.config.ClassifierConfig;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.GenreMapper;
import org.musicrec.recommend.DescriptorFeatures;
import org.musicrec.library.Song;
import org.musicrec.recommend.RatingModel;
import org.musicrec.recommend.TasteModel;
import org.musicrec.recommend.VectorCentre;
import org.musicrec.train.TasteTrainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * k-fold cross-validation of rating predictors on the rated songs: every song is predicted once, by
 * a predictor that never saw it, so MAE and Spearman cover all rated songs rather than one small
 * validation split. Folds are a seeded shuffle dealt round-robin (sizes differ by at most one) and are
 * the same for every representation, so their numbers are comparable.
 */
final class RatingCrossValidation {
    private final ClassifierConfig clf;
    private final double trainShare;
    private final long seed;
    private final int folds;

    RatingCrossValidation(ClassifierConfig clf, double trainShare, long seed, int folds) {
        this.clf = clf;
        this.trainShare = trainShare;
        this.seed = seed;
        this.folds = folds;
    }

    /** Why the CV cannot run on {@code rated} songs, or null if it can. */
    String whyNot(int rated) {
        int smallestTrain = rated - (rated + folds - 1) / folds;
        if (rated < 2 * folds || smallestTrain < clf.minRatedSongs()) {
            return "rating cross-validation skipped: " + rated + " rated songs, " + folds + " folds need training folds"
                    + " of at least classifier.min_rated_songs = " + clf.minRatedSongs() + " songs";
        }
        return null;
    }

    /** Fold of each song, 0 .. folds-1. */
    int[] foldOf(int n) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int[] fold = new int[n];
        for (int p = 0; p < n; p++) {
            fold[order.get(p)] = p % folds;
        }
        return fold;
    }

    /**
     * Out-of-fold predicted stars of the product's rating model ({@link TasteTrainer}: metadata prior plus
     * its parts, weighted by an inner cross-validation on the fold's training songs) on the songs' vectors and
     * descriptors (null: none); everything, the prior included, is fitted on that fold's training songs only.
     */
    double[] predictWithModel(List<Song> rated, Function<Song, float[]> vector, VectorCentre centre,
                              Function<Song, SongDescriptors> descriptors, DescriptorFeatures features, String version,
                              GenreMapper mapper) {
        int[] fold = foldOf(rated.size());
        double[] pred = new double[rated.size()];
        for (int f = 0; f < folds; f++) {
            List<Song> train = new ArrayList<>();
            List<Song> test = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < rated.size(); i++) {
                if (fold[i] == f) {
                    test.add(rated.get(i));
                    at.add(i);
                } else {
                    train.add(rated.get(i));
                }
            }
            TasteModel model = new TasteTrainer(clf, trainShare, seed + f, mapper)
                    .train(train, vector, centre, descriptors, features, version).model();
            RatingModel.Prediction[] p = model.predict(test, test.stream().map(vector).toList(),
                    descriptors == null ? null : test.stream().map(descriptors).toList());
            for (int j = 0; j < p.length; j++) {
                pred[at.get(j)] = p[j].stars();
            }
        }
        return pred;
    }

    /** Out-of-fold predicted stars of the {@link MetadataBaseline}. */
    double[] predictWithMetadata(List<Song> rated, GenreMapper mapper) {
        int[] fold = foldOf(rated.size());
        double[] pred = new double[rated.size()];
        for (int f = 0; f < folds; f++) {
            List<Song> train = new ArrayList<>();
            for (int i = 0; i < rated.size(); i++) {
                if (fold[i] != f) {
                    train.add(rated.get(i));
                }
            }
            MetadataBaseline m = MetadataBaseline.fit(train, mapper);
            for (int i = 0; i < rated.size(); i++) {
                if (fold[i] == f) {
                    pred[i] = m.predict(rated.get(i));
                }
            }
        }
        return pred;
    }
}
