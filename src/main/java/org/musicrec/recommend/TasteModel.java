package org.musicrec.recommend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.musicrec.io.AtomicDirectory;
import org.musicrec.io.Npy;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The trained rating model as recommend uses it:
 * <pre>
 * stars(s) = clamp( prior(s) + (1 − w) · mlp(s) + w · knn(s), 0, scale )
 * </pre>
 * {@code prior} is the {@link MetadataPrior} (shrunk genre/artist/album means of the user's ratings),
 * {@code mlp} the {@link RatingModel} ensemble's correction from the embedding (and genre multi-hot),
 * {@code knn} the similarity-weighted correction of the nearest rated songs ({@link KnnRegressor}, on
 * library-centred vectors), {@code w} = classifier.knn_weight (0 when there is no neighbour term).
 * The spread is the MLP members' disagreement: what the help playlist ranks by.
 *
 * <p>Saved as one folder, swapped in atomically: the MLP files ({@link RatingModel}), {@code taste.json}
 * (prior tables, weight, centre), and for the neighbour term {@code knn-vectors.npy} (normalised
 * reference rows) with their rowids and values in {@code taste.json}.
 */
public final class TasteModel {
    /** Layout version of the saved folder; older folders (no taste.json) must be retrained. */
    public static final int FORMAT = 2;

    /** The non-network parts, as saved in {@code taste.json}. */
    record Parts(int format, MetadataPrior prior, double knnWeight, int knnK, float[] centre,
                 long[] knnIds, double[] knnValues) {
    }

    private final MetadataPrior prior;
    private final RatingModel mlp;
    private final KnnRegressor knn;
    private final double knnWeight;
    private final VectorCentre centre;
    private final RatingFeatures features;
    private final GenreMapper mapper;

    /** @param knn null for no neighbour term (then {@code knnWeight} is ignored) */
    public TasteModel(MetadataPrior prior, RatingModel mlp, KnnRegressor knn, double knnWeight, VectorCentre centre,
                      GenreMapper mapper) {
        this.prior = prior;
        this.mlp = mlp;
        this.knn = knn;
        this.knnWeight = knn == null ? 0 : knnWeight;
        this.centre = centre;
        this.mapper = mapper;
        this.features = new RatingFeatures(mapper, mlp.info().useGenre());
    }

    public RatingModel.Info info() {
        return mlp.info();
    }

    public MetadataPrior prior() {
        return prior;
    }

    /**
     * Predicted stars and spread of each song from its audio vector (an embedding, or whatever the
     * model was trained on). A song that was among the training ratings is predicted without its
     * own rating in the prior and the neighbour term, as if it were unrated.
     */
    public RatingModel.Prediction[] predict(List<Song> songs, List<float[]> vectors) {
        int n = songs.size();
        RatingModel.Prediction[] out = new RatingModel.Prediction[n];
        if (n == 0) {
            return out;
        }
        float[][] x = new float[n][];
        long[] ids = new long[n];
        float[][] centred = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = features.of(vectors.get(i), songs.get(i));
            ids[i] = songs.get(i).rowid();
            centred[i] = centre.apply(vectors.get(i));
        }
        RatingModel.Prediction[] m = mlp.predict(x);
        double[] k = knn == null ? new double[n] : knn.predict(ids, centred);
        double scale = mlp.info().ratingScale();
        for (int i = 0; i < n; i++) {
            double stars = prior.predict(songs.get(i), mapper) + (1 - knnWeight) * m[i].stars() + knnWeight * k[i];
            out[i] = new RatingModel.Prediction(Math.max(0, Math.min(scale, stars)), m[i].spreadStars());
        }
        return out;
    }

    private static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Saves atomically: a kill never leaves half a model (see {@link AtomicDirectory}). */
    public void save(Path dir) throws IOException {
        AtomicDirectory.write(dir, tmp -> {
            mlp.writeInto(tmp);
            json().writeValue(tmp.resolve("taste.json").toFile(), new Parts(FORMAT, prior, knnWeight, knn == null ? 0 : knn.k(), centre.mean(), knn == null ? new long[0] : knn.refIds(),
                    knn == null ? new double[0] : knn.refValues()));
            if (knn != null) {
                float[][] v = knn.refVectors();
                float[] flat = new float[v.length * v[0].length];
                for (int i = 0; i < v.length; i++) {
                    System.arraycopy(v[i], 0, flat, i * v[0].length, v[0].length);
                }
                Npy.write(tmp.resolve("knn-vectors.npy"), Npy.ofFloats(flat, v.length, v[0].length));
            }
        });
    }

    public static TasteModel load(Path target) throws IOException {
        Path dir = AtomicDirectory.readable(target);
        if (dir == null || !Files.isRegularFile(dir.resolve("model.json"))) {
            throw new IOException(target + ": no trained rating model here (run the classifier stage first)");
        }
        if (!Files.isRegularFile(dir.resolve("taste.json"))) {
            throw new IOException(target + ": rating model saved by an older musicrec (no taste.json): "
                    + "run the classifier stage again");
        }
        Parts p = json().readValue(dir.resolve("taste.json").toFile(), Parts.class);
        if (p.format() != FORMAT) {
            throw new IOException(target + ": rating model format " + p.format() + ", this musicrec reads " + FORMAT
                    + ": run the classifier stage again");
        }
        KnnRegressor knn = null;
        if (p.knnK() > 0) {
            Npy.Array a = Npy.read(dir.resolve("knn-vectors.npy"));
            int rows = a.shape()[0], cols = a.shape()[1];
            float[] flat = a.toFloats();
            float[][] v = new float[rows][];
            for (int i = 0; i < rows; i++) {
                v[i] = java.util.Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
            }
            knn = new KnnRegressor(p.knnK(), p.knnIds(), v, p.knnValues());
        }
        return new TasteModel(p.prior(), RatingModel.readFrom(dir), knn, p.knnWeight(), new VectorCentre(p.centre()),
                new GenreMapper());
    }
}
