package org.musicrec.recommend;

import java.util.List;

/** The MLP ensemble ({@link RatingModel}) on embedding + genre multi-hot; its members' spread is its variance. */
public final class MlpPart implements TastePart {
    private final RatingModel ensemble;
    private final RatingFeatures features;

    public MlpPart(RatingModel ensemble, RatingFeatures features) {
        this.ensemble = ensemble;
        this.features = features;
    }

    public RatingModel ensemble() {
        return ensemble;
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public double[] predict(List<SongInputs> songs) {
        RatingModel.Prediction[] p = run(songs);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i].stars();
        }
        return out;
    }

    @Override
    public double[] variance(List<SongInputs> songs) {
        RatingModel.Prediction[] p = run(songs);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i].spreadStars() * p[i].spreadStars();
        }
        return out;
    }

    private RatingModel.Prediction[] run(List<SongInputs> songs) {
        float[][] x = new float[songs.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features.of(songs.get(i).audio(), songs.get(i).song());
        }
        return ensemble.predict(x);
    }
}
