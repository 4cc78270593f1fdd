package org.musicrec.train;

import org.musicrec.config.ClassifierConfig;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.eval.RankMetrics;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.recommend.DescriptorFeatures;
import org.musicrec.recommend.MetadataPrior;
import org.musicrec.recommend.MlpPart;
import org.musicrec.recommend.NeighbourPart;
import org.musicrec.recommend.RatingFeatures;
import org.musicrec.recommend.RatingModel;
import org.musicrec.recommend.RidgePart;
import org.musicrec.recommend.SongInputs;
import org.musicrec.recommend.StackWeights;
import org.musicrec.recommend.TasteExplanation;
import org.musicrec.recommend.TasteModel;
import org.musicrec.recommend.TastePart;
import org.musicrec.recommend.VectorCentre;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Trains a {@link TasteModel} from the rated songs:
 * <ol>
 *   <li>fits the metadata prior; each rated song's prior leaves its own rating out, so what remains,
 *       {@code stars − prior}, is what the tags could not tell;</li>
 *   <li>fits each part to that remainder and gets its out-of-sample prediction of every rated song: exact
 *       leave-one-out for the ridge parts and the neighbours, {@value #STACK_FOLDS}-fold cross-validation for the MLP;</li>
 *   <li>chooses the parts' weights on those predictions ({@link StackWeights}: non-negative, all zero = the
 *       prior alone), so the choice is made for this user, on this user's ratings;</li>
 *   <li>trains the full MLP ensemble only if the MLP got a weight.</li>
 * </ol>
 * Used by the classifier stage and, on each training fold, by the evaluation, so both measure the same model.
 */
public final class TasteTrainer {
    /** Folds of the cross-validation that gives the MLP its out-of-sample predictions. */
    static final int STACK_FOLDS = 5;

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

    /**
     * @param curve      the MLP ensemble's loss curve, null when no MLP was trained
     * @param outOfFold  each rated song's out-of-sample prediction in stars (prior + weighted parts)
     * @param notes      what was left out and why, for the user
     */
    public record Result(TasteModel model, RatingTrainer.Curve curve, double[] outOfFold, List<String> notes) {
    }

    /** Trains without descriptors (the audio vector alone beside the prior). */
    public Result train(List<Song> rated, Function<Song, float[]> audio, VectorCentre centre, String encoderVersion) {
        return train(rated, audio, centre, null, null, encoderVersion);
    }

    /**
     * @param rated       the rated songs to learn from (each must have an audio vector)
     * @param audio       song → its audio vector (an embedding, or another representation in evaluation)
     * @param centre      the library's mean audio vector (fitted on all songs, rated or not: no labels involved)
     * @param descriptors song → its descriptors (null: song has none), or null for a model without descriptors
     * @param features    how descriptors become inputs (fitted on the library), or null without descriptors
     */
    public Result train(List<Song> rated, Function<Song, float[]> audio, VectorCentre centre,
                        Function<Song, SongDescriptors> descriptors, DescriptorFeatures features, String encoderVersion) {
        if (rated.size() < cfg.minRatedSongs()) {
            throw new IllegalArgumentException("the rating model needs at least " + cfg.minRatedSongs()
                    + " rated songs that have embeddings, found " + rated.size()
                    + ": rate more songs in your player (the help playlist lists good candidates)");
        }
        long start = System.nanoTime();
        int n = rated.size();
        MetadataPrior prior = MetadataPrior.fit(rated, mapper, cfg.priorPseudoCounts(), cfg.ratingScale() / 2.0);
        if (!cfg.usePrior()) {
            prior = prior.globalOnly();
        }
        boolean withDescriptors = features != null && descriptors != null && cfg.useDescriptors();
        List<SongInputs> in = new ArrayList<>(n);
        double[] priorStars = new double[n], residual = new double[n], stars = new double[n];
        for (int i = 0; i < n; i++) {
            Song s = rated.get(i);
            float[] d = withDescriptors ? features.of(descriptors.apply(s), mapper.categories(s.genre())) : null;
            in.add(new SongInputs(s, audio.apply(s), d));
            priorStars[i] = prior.predict(s, mapper);   // leave-one-out: s's own rating is not in it
            stars[i] = s.stars();
            residual[i] = stars[i] - priorStars[i];
        }

        List<String> names = new ArrayList<>();
        List<TastePart> parts = new ArrayList<>();
        List<double[]> outOfSample = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (withDescriptors) {
            RidgePart.Fitted f = RidgePart.fit(RidgePart.Input.DESCRIPTORS, in, residual, centre);
            add(names, parts, outOfSample, f.part(), f.outOfSample());
        }
        RidgePart.Fitted emb = RidgePart.fit(RidgePart.Input.AUDIO, in, residual, centre);
        add(names, parts, outOfSample, emb.part(), emb.outOfSample());
        if (cfg.knnNeighbours() > 0) {
            NeighbourPart nb = NeighbourPart.fit(cfg.knnNeighbours(), in, residual, centre);
            add(names, parts, outOfSample, nb, nb.predict(in));   // a rated song never votes on itself
        }
        boolean mlp = cfg.useMlp() && n - (n + STACK_FOLDS - 1) / STACK_FOLDS >= cfg.minRatedSongs();
        if (cfg.useMlp() && !mlp) {
            notes.add("MLP part left out: its cross-validation folds would hold fewer than classifier.min_rated_songs = "
                    + cfg.minRatedSongs() + " ratings");
        }
        if (mlp) {
            add(names, parts, outOfSample, null, mlpOutOfFold(in, priorStars, encoderVersion));
        }

        double[][] p = new double[n][names.size()];
        for (int j = 0; j < names.size(); j++) {
            for (int i = 0; i < n; i++) {
                p[i][j] = outOfSample.get(j)[i];
            }
        }
        StackWeights.Weights stack = StackWeights.fit(p, residual);
        double[] w = stack.w();
        RatingTrainer.Curve curve = null;
        if (mlp) {
            int at = names.indexOf("mlp");
            if (w[at] > 0) {
                RatingTrainer.Result r = new RatingTrainer(cfg, trainShare, seed).train(examples(in, priorStars), encoderVersion,
                        in.get(0).audio().length);
                parts.set(at, new MlpPart(r.model(), new RatingFeatures(mapper, cfg.useGenre())));
                curve = r.curve();
            }
        }

        double[] oof = new double[n];
        double[] partMae = new double[names.size()];
        for (int i = 0; i < n; i++) {
            double s = priorStars[i] + stack.offset();
            for (int j = 0; j < names.size(); j++) {
                s += w[j] * p[i][j];
                partMae[j] += Math.abs(clamp(priorStars[i] + p[i][j]) - stars[i]) / n;
            }
            oof[i] = clamp(s);
        }
        double[] priorClamped = priorStars.clone();
        for (int i = 0; i < n; i++) {
            priorClamped[i] = clamp(priorClamped[i]);
        }
        TasteModel.Info info = new TasteModel.Info(cfg.classifierVersion(), encoderVersion, in.get(0).audio().length,
                withDescriptors ? SongDescriptors.ALGORITHM : "", cfg.ratingScale(), n, stack.offset(),
                RankMetrics.meanAbsoluteError(oof, stars), rmse(oof, stars), RankMetrics.spearman(oof, stars),
                RankMetrics.meanAbsoluteError(priorClamped, stars), rmse(priorClamped, stars),
                RankMetrics.spearman(priorClamped, stars),
                names, boxed(w), boxed(partMae),
                TasteExplanation.of(rated, withDescriptors ? descriptors : null, mapper, seed).stream()
                        .map(TasteExplanation.Effect::text).toList(), System.currentTimeMillis() / 1000, (System.nanoTime() - start) / 1e9,
                band(oof, stars, 0.8), standardDeviation(priorStars));
        return new Result(new TasteModel(info, prior, parts, withDescriptors ? features : null, centre, mapper), curve,
                oof, notes);
    }

    private static void add(List<String> names, List<TastePart> parts, List<double[]> outOfSample, TastePart part,
                            double[] predictions) {
        names.add(part == null ? "mlp" : part.name());
        parts.add(part);
        outOfSample.add(predictions);
    }

    /** Each song's MLP prediction by a one-member ensemble trained on the other folds. */
    private double[] mlpOutOfFold(List<SongInputs> in, double[] priorStars, String encoderVersion) {
        int n = in.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int[] fold = new int[n];
        for (int k = 0; k < n; k++) {
            fold[order.get(k)] = k % STACK_FOLDS;
        }
        List<RatedExample> all = examples(in, priorStars);
        RatingFeatures features = new RatingFeatures(mapper, cfg.useGenre());
        double[] out = new double[n];
        for (int f = 0; f < STACK_FOLDS; f++) {
            List<RatedExample> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    test.add(i);
                } else {
                    train.add(all.get(i));
                }
            }
            if (test.isEmpty()) {
                continue;
            }
            RatingModel m = new RatingTrainer(cfg.withEnsembleSize(1), trainShare, seed + 1 + f)
                    .train(train, encoderVersion, in.get(0).audio().length).model();
            float[][] x = new float[test.size()][];
            for (int t = 0; t < x.length; t++) {
                SongInputs s = in.get(test.get(t));
                x[t] = features.of(s.audio(), s.song());
            }
            RatingModel.Prediction[] p = m.predict(x);
            for (int t = 0; t < p.length; t++) {
                out[test.get(t)] = p[t].stars();
            }
        }
        return out;
    }

    private List<RatedExample> examples(List<SongInputs> in, double[] priorStars) {
        RatingFeatures features = new RatingFeatures(mapper, cfg.useGenre());
        List<RatedExample> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            SongInputs s = in.get(i);
            out.add(new RatedExample(s.song().rowid(), features.of(s.audio(), s.song()), s.song().stars(), priorStars[i]));
        }
        return out;
    }

    /**
     * The half-width that holds {@code share} of the out-of-fold errors, with split conformal prediction's
     * finite-sample rank (the ⌈(n+1)·share⌉-th smallest of n): an interval measured on the user's held-out
     * ratings, not assumed from a model of the noise (Vovk et al. 2005; Lei et al. 2018).
     */
    static double band(double[] predicted, double[] actual, double share) {
        double[] err = new double[predicted.length];
        for (int i = 0; i < err.length; i++) {
            err[i] = Math.abs(predicted[i] - actual[i]);
        }
        java.util.Arrays.sort(err);
        return err.length == 0 ? 0 : err[Math.min(err.length - 1, (int) Math.ceil(share * (err.length + 1)) - 1)];
    }

    private static double standardDeviation(double[] x) {
        double mean = java.util.Arrays.stream(x).average().orElse(0);
        return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElse(0));
    }

    private static double rmse(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]) / a.length;
        }
        return Math.sqrt(s);
    }

    private static List<Double> boxed(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    private double clamp(double stars) {
        return Math.max(0, Math.min(cfg.ratingScale(), stars));
    }
}
