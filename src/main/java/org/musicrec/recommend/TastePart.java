package org.musicrec.recommend;

import java.util.List;

/**
 * One estimator of the rating model: it predicts how many stars a song gets beyond its metadata prior.
 * The {@link TasteModel} adds up its parts with weights chosen by cross-validation on the user's ratings.
 */
public interface TastePart {
    /** Short name for messages and files ("descriptors", "embedding", "neighbours", "mlp"). */
    String name();

    /** Predicted stars beyond the prior for each song. */
    double[] predict(List<SongInputs> songs);

    /** Variance (stars²) of each prediction from this part's own uncertainty; 0 where the part has no measure of it. */
    double[] variance(List<SongInputs> songs);
}
