package org.musicrec.recommend;

import java.util.List;

/** The {@link KnnRegressor} as a rating part: the residuals of the most similar rated songs, on library-centred vectors. */
public final class NeighbourPart implements TastePart {
    private final KnnRegressor knn;
    private final VectorCentre centre;

    public NeighbourPart(KnnRegressor knn, VectorCentre centre) {
        this.knn = knn;
        this.centre = centre;
    }

    /** The part over the rated songs; its predictions of rated songs leave each song's own rating out. */
    public static NeighbourPart fit(int k, List<SongInputs> rated, double[] residual, VectorCentre centre) {
        long[] ids = new long[rated.size()];
        float[][] v = new float[rated.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rated.get(i).song().rowid();
            v[i] = centre.apply(rated.get(i).audio());
        }
        return new NeighbourPart(new KnnRegressor(k, ids, v, residual), centre);
    }

    public KnnRegressor knn() {
        return knn;
    }

    @Override
    public String name() {
        return "neighbours";
    }

    @Override
    public double[] predict(List<SongInputs> songs) {
        long[] ids = new long[songs.size()];
        float[][] v = new float[songs.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = songs.get(i).song().rowid();
            v[i] = centre.apply(songs.get(i).audio());
        }
        return knn.predict(ids, v);
    }

    /** A weighted mean of a handful of noisy ratings has no posterior of its own here: 0. */
    @Override
    public double[] variance(List<SongInputs> songs) {
        return new double[songs.size()];
    }
}
