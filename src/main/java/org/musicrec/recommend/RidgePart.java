package org.musicrec.recommend;

import java.util.List;

/**
 * A {@link RidgeRegression} on one kind of input: the descriptor inputs ("descriptors"), or the audio vector
 * centred by the library mean and scaled to unit length ("embedding": the cosine geometry the neighbour
 * part uses, so no single dimension's scale decides).
 */
public final class RidgePart implements TastePart {
    /** Which input the ridge reads. */
    public enum Input { DESCRIPTORS, AUDIO }

    private final Input input;
    private final RidgeRegression.Model model;
    private final VectorCentre centre;

    /** @param centre the library's mean audio vector (used for {@link Input#AUDIO}) */
    public RidgePart(Input input, RidgeRegression.Model model, VectorCentre centre) {
        this.input = input;
        this.model = model;
        this.centre = centre;
    }

    /** Fits a part on the rated songs' residuals; returns it with its leave-one-out predictions. */
    public static Fitted fit(Input input, List<SongInputs> rated, double[] residual, VectorCentre centre) {
        float[][] x = new float[rated.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = row(input, rated.get(i), centre);
        }
        RidgeRegression.Fit f = RidgeRegression.fit(x, residual);
        return new Fitted(new RidgePart(input, f.model(), centre), f.looPredictions());
    }

    /** A fitted part and its out-of-sample predictions of the training songs. */
    public record Fitted(RidgePart part, double[] outOfSample) {
    }

    @Override
    public String name() {
        return input == Input.DESCRIPTORS ? "descriptors" : "embedding";
    }

    public Input input() {
        return input;
    }

    public RidgeRegression.Model model() {
        return model;
    }

    @Override
    public double[] predict(List<SongInputs> songs) {
        double[] out = new double[songs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = model.predict(row(input, songs.get(i), centre));
        }
        return out;
    }

    @Override
    public double[] variance(List<SongInputs> songs) {
        double[] out = new double[songs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = model.variance(row(input, songs.get(i), centre));
        }
        return out;
    }

    static float[] row(Input input, SongInputs s, VectorCentre centre) {
        if (input == Input.DESCRIPTORS) {
            if (s.descriptors() == null) {
                throw new IllegalArgumentException("the descriptor part needs descriptor inputs for " + s.song().displayName());
            }
            return s.descriptors();
        }
        float[] v = centre.apply(s.audio());
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int j = 0; j < v.length; j++) {
            v[j] *= inv;
        }
        return v;
    }
}
