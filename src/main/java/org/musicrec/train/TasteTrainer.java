package org.musicrec.train;

import org.musicrec.config.ClassifierConfig;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.recommend.KnnRegressor;
import org.musicrec.recommend.MetadataPrior;
import org.musicrec.recommend.RatingFeatures;
import org.musicrec.recommend.TasteModel;
import org.musicrec.recommend.VectorCentre;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Trains a {@link TasteModel} from the rated songs: fits the metadata prior, computes each rated
 * song's prior without its own rating (leave-one-out), then fits the audio corrections to
 * {@code stars − prior}: the MLP ensemble ({@link RatingTrainer}) and the neighbour term. Used by
 * the classifier stage and, on each training fold, by the evaluation, so both measure the same model.
 */
public final class TasteTrainer {
    private final ClassifierConfig cfg;
    private final double trainShare;
    private final long seed;
    private final GenreMapper mapper;

    public TasteTrainer(ClassifierConfig cfg, double trainShare, long seed, GenreMapper mapper) {
        this.cfg = cfg;
        this.trainShare = trainShare;
        this.seed = seed;
        this.mapper = mapper;
    }

    public record Result(TasteModel model, RatingTrainer.Curve curve) {
    }

    /**
     * @param rated   the rated songs to learn from (each must have a vector)
     * @param vector  song → its audio vector
     * @param centre  the library's mean vector (fitted on all songs, rated or not: no labels involved)
     */
    public Result train(List<Song> rated, Function<Song, float[]> vector, VectorCentre centre, String encoderVersion) {
        MetadataPrior prior = MetadataPrior.fit(rated, mapper, cfg.priorPseudoCounts(), cfg.ratingScale() / 2.0);
        if (!cfg.usePrior()) {
            prior = prior.globalOnly();
        }
        RatingFeatures features = new RatingFeatures(mapper, cfg.useGenre());
        List<RatedExample> examples = new ArrayList<>();
        long[] ids = new long[rated.size()];
        float[][] centred = new float[rated.size()][];
        double[] residual = new double[rated.size()];
        for (int i = 0; i < rated.size(); i++) {
            Song s = rated.get(i);
            float[] v = vector.apply(s);
            double offset = prior.predict(s, mapper);   // leave-one-out: s's own rating is not in it
            examples.add(new RatedExample(s.rowid(), features.of(v, s), s.stars(), offset));
            ids[i] = s.rowid();
            centred[i] = centre.apply(v);
            residual[i] = s.stars() - offset;
        }
        int dim = rated.isEmpty() ? 0 : vector.apply(rated.get(0)).length;
        RatingTrainer.Result mlp = new RatingTrainer(cfg, trainShare, seed).train(examples, encoderVersion, dim);
        KnnRegressor knn = cfg.knnNeighbours() > 0 ? new KnnRegressor(cfg.knnNeighbours(), ids, centred, residual) : null;
        return new Result(new TasteModel(prior, mlp.model(), knn, cfg.knnWeight(), centre, mapper), mlp.curve());
    }
}
