package org.musicrec.config;

import java.util.List;

/** The rating model: an MLP from embedding to predicted stars / rating_scale. */
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
        String classifierVersion) {
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
    }
}
