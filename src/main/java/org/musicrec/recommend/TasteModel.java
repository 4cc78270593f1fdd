package org.musicrec.recommend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.io.AtomicDirectory;
import org.musicrec.io.Npy;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained rating model as recommend uses it:
 * <pre>
 * stars(s) = clamp( prior(s) + b + Σj wj · partj(s), 0, scale )
 * sd(s)    = √( Σj wj² · varj(s) )
 * </pre>
 * {@code prior} is the {@link MetadataPrior} (shrunk genre/artist/album means of the user's ratings); the
 * parts ({@link TastePart}) predict what a song's sound adds to it: ridge regressions on its descriptors
 * and on its embedding, the ratings of the most similar rated songs, an MLP ensemble. The weights wj ≥ 0
 * and the offset b were chosen by cross-validation on the user's ratings ({@link StackWeights}); the spread combines the
 * parts' own uncertainties (ridge posteriors, the MLP members' disagreement): what the help playlist ranks by.
 *
 * <p>Saved as one folder, swapped in atomically: {@code taste.json} (info, prior, weights, descriptor
 * statistics, library centre), {@code ridge-NAME.json} + {@code ridge-NAME-basis.npy} per ridge part,
 * {@code knn.json} + {@code knn-vectors.npy} for the neighbours, {@code mlp/} for the ensemble.
 */
public final class TasteModel {
    /** Layout version of the saved folder; other versions must be retrained. */
    public static final int FORMAT = 3;

    /**
     * What the model was trained on and how well it did in cross-validation on the user's ratings.
     *
     * @param descriptorAlgorithm the descriptors' algorithm version, "" when the model uses no descriptors
     * @param offset              stars added to every prediction (the stack's free offset, {@link StackWeights})
     * @param cvMaeStars          mean absolute error of the out-of-fold predictions (weights fitted on them)
     * @param cvRmseStars         their root mean squared error (what the weights minimise)
     * @param priorCvMaeStars     the same of the prior alone (leave-one-out)
     * @param priorCvRmseStars    the same of the prior alone
     * @param partCvMaeStars      the same of prior + each part alone at weight 1
     * @param ratingsFollow       what the ratings follow in plain words ({@link TasteExplanation}), strongest first
     * @param band80Stars         half-width of the band that held 80 % of the out-of-fold predictions' errors: the
     *                            "±" shown beside a prediction, calibrated on the user's own held-out ratings
     *                            (0 in models saved before it was measured)
     * @param priorSpreadStars    standard deviation of the prior's leave-one-out predictions: below
     *                            {@link #PRIOR_RANKS_STARS} the tags tell nothing, the prior is the mean rating
     *                            less one song, and its Spearman (≈ −1 by construction) means nothing
     */
    public record Info(String classifierVersion, String encoderVersion, int embeddingDim, String descriptorAlgorithm,
                       int ratingScale, int trainSongs, double offset, double cvMaeStars, double cvRmseStars, double cvSpearman,
                       double priorCvMaeStars, double priorCvRmseStars,
                       double priorCvSpearman, List<String> parts, List<Double> weights, List<Double> partCvMaeStars,
                       List<String> ratingsFollow, long trainedAt, double trainSeconds, double band80Stars,
                       double priorSpreadStars) {
        /** Below this spread the prior does not rank songs (see {@code priorSpreadStars}). */
        public static final double PRIOR_RANKS_STARS = 0.05;

        public Info {
            parts = List.copyOf(parts);
            ratingsFollow = List.copyOf(ratingsFollow);
            weights = List.copyOf(weights);
            partCvMaeStars = List.copyOf(partCvMaeStars);
        }

        /** "MAE 0.90, Spearman 0.412", or for a prior that does not rank, why it has no Spearman. */
        public String priorAlone() {
            return priorSpreadStars >= PRIOR_RANKS_STARS
                    ? String.format(java.util.Locale.ROOT, "%.2f, %.3f", priorCvMaeStars, priorCvSpearman)
                    : String.format(java.util.Locale.ROOT, "%.2f; no ranking: your tags tell nothing here", priorCvMaeStars);
        }

        public boolean usesDescriptors() {
            return !descriptorAlgorithm.isEmpty();
        }

        /** Weight of the named part, 0 when absent. */
        public double weight(String part) {
            int i = parts.indexOf(part);
            return i < 0 ? 0 : weights.get(i);
        }
    }

    /** What {@code taste.json} holds. */
    record Saved(int format, Info info, MetadataPrior prior, DescriptorFeatures descriptorFeatures, float[] centre) {
    }

    /** A ridge part's model without its basis (which goes to an .npy file). */
    record SavedRidge(RidgePart.Input input, float[] mean, double intercept, double[] beta, double penalty,
                      double noiseVariance, double[] eigenvalues) {
    }

    /** The neighbour part's references (vectors go to knn-vectors.npy). */
    record SavedNeighbours(int k, long[] ids, double[] values) {
    }

    private final Info info;
    private final MetadataPrior prior;
    private final List<TastePart> parts;
    private final DescriptorFeatures descriptorFeatures;
    private final VectorCentre centre;
    private final GenreMapper mapper;

    /**
     * @param parts              in the order of {@code info.parts()}, weighted by {@code info.weights()}; a part
     *                           of weight 0 may be null (it was considered, got no weight and was not trained)
     * @param descriptorFeatures how descriptors become inputs, null when no part reads them
     * @param centre             the library's mean audio vector
     */
    public TasteModel(Info info, MetadataPrior prior, List<TastePart> parts, DescriptorFeatures descriptorFeatures,
                      VectorCentre centre, GenreMapper mapper) {
        if (parts.size() != info.parts().size() || parts.size() != info.weights().size()) {
            throw new IllegalArgumentException("one weight per part: " + info.parts() + " vs " + parts.size());
        }
        for (int j = 0; j < parts.size(); j++) {
            if (parts.get(j) == null && info.weights().get(j) != 0) {
                throw new IllegalArgumentException("part " + info.parts().get(j) + " has a weight but no model");
            }
        }
        this.info = info;
        this.prior = prior;
        this.parts = java.util.Collections.unmodifiableList(new ArrayList<>(parts));   // nulls allowed: unweighted parts
        this.descriptorFeatures = descriptorFeatures;
        this.centre = centre;
        this.mapper = mapper;
    }

    public Info info() {
        return info;
    }

    public MetadataPrior prior() {
        return prior;
    }

    public DescriptorFeatures descriptorFeatures() {
        return descriptorFeatures;
    }

    /** The parts, null where a part got weight 0 and was not kept. */
    public List<TastePart> partsOrNull() {
        return parts;
    }

    /** The rating model's view of each song ({@code descriptors} may be null, or hold nulls for songs without them). */
    public List<SongInputs> inputs(List<Song> songs, List<float[]> audio, List<SongDescriptors> descriptors) {
        List<SongInputs> out = new ArrayList<>(songs.size());
        for (int i = 0; i < songs.size(); i++) {
            Song s = songs.get(i);
            float[] d = descriptorFeatures == null ? null
                    : descriptorFeatures.of(descriptors == null ? null : descriptors.get(i), mapper.categories(s.genre()));
            out.add(new SongInputs(s, audio.get(i), d));
        }
        return out;
    }

    /**
     * Predicted stars and spread of each song. A song that was among the training ratings is predicted
     * without its own rating in the prior and the neighbour part, as if it were unrated.
     */
    public RatingModel.Prediction[] predict(List<Song> songs, List<float[]> audio, List<SongDescriptors> descriptors) {
        List<SongInputs> in = inputs(songs, audio, descriptors);
        int n = in.size();
        double[] stars = new double[n], variance = new double[n];
        for (int i = 0; i < n; i++) {
            stars[i] = prior.predict(songs.get(i), mapper) + info.offset();
        }
        for (int j = 0; j < parts.size(); j++) {
            double w = info.weights().get(j);
            if (w == 0 || n == 0) {
                continue;
            }
            double[] p = parts.get(j).predict(in);
            double[] v = parts.get(j).variance(in);
            for (int i = 0; i < n; i++) {
                stars[i] += w * p[i];
                variance[i] += w * w * v[i];
            }
        }
        RatingModel.Prediction[] out = new RatingModel.Prediction[n];
        for (int i = 0; i < n; i++) {
            out[i] = new RatingModel.Prediction(Math.max(0, Math.min(info.ratingScale(), stars[i])), Math.sqrt(variance[i]));
        }
        return out;
    }

    private static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Saves atomically: a kill never leaves half a model (see {@link AtomicDirectory}). */
    public void save(Path dir) throws IOException {
        AtomicDirectory.write(dir, tmp -> {
            json().writeValue(tmp.resolve("taste.json").toFile(),
                    new Saved(FORMAT, info, prior, descriptorFeatures, centre.mean()));
            for (int j = 0; j < parts.size(); j++) {
                TastePart part = parts.get(j);
                if (part == null || info.weights().get(j) == 0) {
                    continue;
                }
                if (part instanceof RidgePart r) {
                    RidgeRegression.Model m = r.model();
                    json().writeValue(tmp.resolve("ridge-" + r.name() + ".json").toFile(), new SavedRidge(r.input(),
                            m.mean(), m.intercept(), m.beta(), m.penalty(), m.noiseVariance(), m.eigenvalues()));
                    Npy.write(tmp.resolve("ridge-" + r.name() + "-basis.npy"), matrix(m.basis(), m.eigenvalues().length));
                } else if (part instanceof NeighbourPart nb) {
                    KnnRegressor k = nb.knn();
                    json().writeValue(tmp.resolve("knn.json").toFile(), new SavedNeighbours(k.k(), k.refIds(), k.refValues()));
                    Npy.write(tmp.resolve("knn-vectors.npy"), matrix(k.refVectors(), k.refVectors()[0].length));
                } else if (part instanceof MlpPart mlp) {
                    Path sub = Files.createDirectories(tmp.resolve("mlp"));
                    mlp.ensemble().writeInto(sub);
                } else {
                    throw new IOException("cannot save rating part " + part.name());
                }
            }
        });
    }

    public static TasteModel load(Path target) throws IOException {
        Path dir = AtomicDirectory.readable(target);
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(target + ": no trained rating model here (run the classifier stage first)");
        }
        if (!Files.isRegularFile(dir.resolve("taste.json"))) {
            throw new IOException(target + ": rating model saved by an older musicrec (no taste.json): "
                    + "run the classifier stage again");
        }
        Saved s;
        try {
            s = json().readValue(dir.resolve("taste.json").toFile(), Saved.class);
        } catch (IOException e) {
            throw new IOException(target + ": rating model saved by another musicrec version (" + e.getMessage()
                    .lines().findFirst().orElse("") + "): run the classifier stage again", e);
        }
        if (s.format() != FORMAT) {
            throw new IOException(target + ": rating model format " + s.format() + ", this musicrec reads " + FORMAT
                    + ": run the classifier stage again");
        }
        VectorCentre centre = new VectorCentre(s.centre());
        GenreMapper mapper = new GenreMapper();
        List<TastePart> parts = new ArrayList<>();
        for (int j = 0; j < s.info().parts().size(); j++) {
            String name = s.info().parts().get(j);
            if (s.info().weights().get(j) == 0) {   // not saved: it adds nothing to a prediction
                parts.add(null);
                continue;
            }
            parts.add(switch (name) {
                case "descriptors", "embedding" -> {
                    SavedRidge r = json().readValue(dir.resolve("ridge-" + name + ".json").toFile(), SavedRidge.class);
                    float[][] basis = rows(Npy.read(dir.resolve("ridge-" + name + "-basis.npy")), r.mean().length);
                    yield new RidgePart(r.input(), new RidgeRegression.Model(r.mean(), r.intercept(), r.beta(),
                            r.penalty(), r.noiseVariance(), basis, r.eigenvalues()), centre);
                }
                case "neighbours" -> {
                    SavedNeighbours k = json().readValue(dir.resolve("knn.json").toFile(), SavedNeighbours.class);
                    float[][] v = rows(Npy.read(dir.resolve("knn-vectors.npy")), k.ids().length);
                    yield new NeighbourPart(new KnnRegressor(k.k(), k.ids(), v, k.values()), centre);
                }
                case "mlp" -> {
                    RatingModel ensemble = RatingModel.readFrom(dir.resolve("mlp"));
                    yield new MlpPart(ensemble, new RatingFeatures(mapper, ensemble.info().useGenre()));
                }
                default -> throw new IOException(target + ": unknown rating part '" + name + "'");
            });
        }
        return new TasteModel(s.info(), s.prior(), parts, s.descriptorFeatures(), centre, mapper);
    }

    /** A rows × cols float matrix as one .npy array (cols may be 0). */
    private static Npy.Array matrix(float[][] m, int cols) {
        float[] flat = new float[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, flat, i * cols, cols);
        }
        return Npy.ofFloats(flat, m.length, cols);
    }

    private static float[][] rows(Npy.Array a, int expectedRows) throws IOException {
        int rows = a.shape()[0], cols = a.shape().length > 1 ? a.shape()[1] : 0;
        if (rows != expectedRows) {
            throw new IOException("rating model file has " + rows + " rows, expected " + expectedRows);
        }
        float[] flat = a.toFloats();
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        }
        return out;
    }
}
