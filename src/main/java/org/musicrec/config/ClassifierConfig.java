package org.musicrec.config;

import java.util.List;

/**
 * The rating model: a metadata prior (shrunk genre/artist/album means) plus what the sound adds to it,
 * from several parts — ridge regressions on the descriptors and on the embedding, the ratings of the
 * nearest rated songs, an ensemble of MLPs — weighted by cross-validation on the user's own ratings.
 *
 * @param usePrior      start from the user's genre/artist/album mean ratings; false: from the global mean only
 * @param priorStrength "auto" (estimated per level from the ratings) or the pseudo-counts that shrink each
 *                      group's mean towards the level above it
 * @param knnNeighbours rated neighbours whose ratings (beyond their prior) are averaged; 0 = no neighbour part
 * @param useMlp        train the MLP ensemble as one of the parts (the costliest part to train)
 * @param useDescriptors use the songs' descriptors (tempo, key, loudness, brightness, …) as a part
 * @param weightDecay   L2 penalty on the MLP weights
 */
public record ClassifierConfig(
        List<Integer> hiddenDims,
        double dropout,
        int epochs,
        int batchSize,
        double learningRate,
        int earlyStoppingPatience,
        int ratingScale,
        boolean useGenre,
        int ensembleSize,
        int minRatedSongs,
        String classifierVersion,
        boolean usePrior,
        String priorStrength,
        int knnNeighbours,
        boolean useMlp,
        boolean useDescriptors,
        double weightDecay) {
    public ClassifierConfig {
        Check.present("classifier.hidden_dims", hiddenDims);
        for (int i = 0; i < hiddenDims.size(); i++) {
            Check.positive("classifier.hidden_dims[" + i + "]", Check.present("classifier.hidden_dims[" + i + "]", hiddenDims.get(i)));
        }
        hiddenDims = List.copyOf(hiddenDims);
        Check.within("classifier.dropout", dropout, 0, 0.95);
        Check.positive("classifier.epochs", epochs);
        Check.positive("classifier.batch_size", batchSize);
        Check.positive("classifier.learning_rate", learningRate);
        Check.atLeast("classifier.early_stopping_patience", earlyStoppingPatience, 0);
        Check.positive("classifier.rating_scale", ratingScale);
        Check.within("classifier.ensemble_size", ensembleSize, 1, 50);
        Check.within("classifier.min_rated_songs", minRatedSongs, 5, 1_000_000);
        Check.present("classifier.classifier_version", classifierVersion);
        Check.present("classifier.prior_strength", priorStrength);
        if (!priorStrength.equals("auto")) {
            double k;
            try {
                k = Double.parseDouble(priorStrength);
            } catch (NumberFormatException e) {
                throw new ConfigException("classifier.prior_strength must be auto or a number of pseudo-counts, got '"
                        + priorStrength + "'");
            }
            Check.within("classifier.prior_strength", k, 0, 1000);
        }
        Check.within("classifier.knn_neighbours", knnNeighbours, 0, 1000);
        Check.within("classifier.weight_decay", weightDecay, 0, 1);
    }

    /** The prior's pseudo-counts, NaN for "auto" (estimated from the ratings). */
    public double priorPseudoCounts() {
        return priorStrength.equals("auto") ? Double.NaN : Double.parseDouble(priorStrength);
    }

    /** The same settings with another number of epochs. */
    public ClassifierConfig withEpochs(int e) {
        return new ClassifierConfig(hiddenDims, dropout, e, batchSize, learningRate, earlyStoppingPatience, ratingScale,
                useGenre, ensembleSize, minRatedSongs, classifierVersion, usePrior, priorStrength, knnNeighbours,
                useMlp, useDescriptors, weightDecay);
    }

    /** The same settings with another ensemble size. */
    public ClassifierConfig withEnsembleSize(int m) {
        return new ClassifierConfig(hiddenDims, dropout, epochs, batchSize, learningRate, earlyStoppingPatience, ratingScale,
                useGenre, m, minRatedSongs, classifierVersion, usePrior, priorStrength, knnNeighbours, useMlp,
                useDescriptors, weightDecay);
    }
}
