package org.musicrec.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.musicrec.config.ClassifierConfig;
import org.musicrec.eval.RankMetrics;
import org.musicrec.model.RatingMlp;
import org.musicrec.recommend.FeatureScaler;
import org.musicrec.recommend.RatingModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains the rating ensemble: a seeded train/validation split, then per member a bootstrap
 * resample of the training songs, Adam on MSE of (stars − offset)/scale, early stopping on
 * validation MSE (the best epoch's weights are kept). The network starts at "no correction" (zero
 * output layer). Reproducible for a given seed on the CPU backend.
 */
public final class RatingTrainer {
    /** Per-epoch losses averaged over members (NaN once every member has stopped). */
    public record Curve(double[] trainLoss, double[] validationLoss) {
    }

    public record Result(RatingModel model, Curve curve) {
    }

    private final ClassifierConfig cfg;
    private final double trainShare;
    private final long seed;

    public RatingTrainer(ClassifierConfig cfg, double trainShare, long seed) {
        this.cfg = cfg;
        this.trainShare = trainShare;
        this.seed = seed;
    }

    public Result train(List<RatedExample> examples, String encoderVersion, int embeddingDim) {
        if (examples.size() < cfg.minRatedSongs()) {
            throw new IllegalArgumentException("the rating model needs at least " + cfg.minRatedSongs()
                    + " rated songs that have embeddings, found " + examples.size()
                    + ": rate more songs in your player (the help playlist lists good candidates)");
        }
        long start = System.nanoTime();
        TrainValSplit<RatedExample> split = TrainValSplit.of(examples, trainShare, seed);
        FeatureScaler scaler = FeatureScaler.fit(features(split.train()));
        INDArray valX = Nd4j.create(scaler.apply(features(split.validation())));
        INDArray valY = targets(split.validation());
        double[][] trainCurve = new double[cfg.ensembleSize()][cfg.epochs()];
        double[][] valCurve = new double[cfg.ensembleSize()][cfg.epochs()];
        List<MultiLayerNetwork> members = new ArrayList<>();
        for (int m = 0; m < cfg.ensembleSize(); m++) {
            members.add(trainMember(m, split.train(), scaler, valX, valY, trainCurve[m], valCurve[m]));
        }
        int dim = examples.get(0).features().length;
        RatingModel draft = new RatingModel(members, scaler, new RatingModel.Info(cfg.classifierVersion(),
                encoderVersion, dim, embeddingDim, cfg.useGenre(), cfg.ratingScale(), split.train().size(),
                split.validation().size(), Double.NaN, Double.NaN, 0, 0));
        RatingModel.Prediction[] p = draft.predict(features(split.validation()));
        double[] pred = new double[p.length], truth = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            pred[i] = Math.max(0, Math.min(cfg.ratingScale(), split.validation().get(i).offset() + p[i].stars()));
            truth[i] = split.validation().get(i).stars();
        }
        RatingModel.Info info = new RatingModel.Info(cfg.classifierVersion(), encoderVersion, dim, embeddingDim,
                cfg.useGenre(), cfg.ratingScale(), split.train().size(), split.validation().size(),
                RankMetrics.meanAbsoluteError(pred, truth), RankMetrics.spearman(pred, truth),
                System.currentTimeMillis() / 1000, (System.nanoTime() - start) / 1e9);
        return new Result(new RatingModel(members, scaler, info),
                new Curve(meanOverMembers(trainCurve), meanOverMembers(valCurve)));
    }

    private MultiLayerNetwork trainMember(int m, List<RatedExample> train, FeatureScaler scaler, INDArray valX,
                                          INDArray valY, double[] trainCurve, double[] valCurve) {
        long memberSeed = seed * 1_000_003L + m;
        Random rng = new Random(memberSeed);
        // Bootstrap resample: members see different songs, so their disagreement measures data scarcity.
        List<RatedExample> sample = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            sample.add(cfg.ensembleSize() == 1 ? train.get(i) : train.get(rng.nextInt(train.size())));
        }
        INDArray x = Nd4j.create(scaler.apply(features(sample)));
        INDArray y = targets(sample);
        MultiLayerNetwork net = RatingMlp.build(x.columns(), cfg.hiddenDims(), cfg.dropout(), cfg.learningRate(),
                cfg.weightDecay(), memberSeed);
        java.util.Arrays.fill(trainCurve, Double.NaN);
        java.util.Arrays.fill(valCurve, Double.NaN);
        // Not seeded with the untrained network's score (which predicts the offset exactly): with a
        // dozen validation songs that bar rejected every correction (EVALUATION.md, "Ablations").
        double best = Double.POSITIVE_INFINITY;
        INDArray bestParams = net.params().dup();
        int sinceBest = 0;
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            int[] order = permutation(sample.size(), rng);
            for (int s = 0; s < order.length; s += cfg.batchSize()) {
                int e = Math.min(order.length, s + cfg.batchSize());
                int[] idx = new int[e - s];
                for (int i = s; i < e; i++) {
                    idx[i - s] = order[i];
                }
                net.fit(new DataSet(x.getRows(idx), y.getRows(idx)));
            }
            trainCurve[epoch] = mse(net, x, y);
            valCurve[epoch] = mse(net, valX, valY);
            if (Double.isNaN(valCurve[epoch]) || valCurve[epoch] < best - 1e-6) {   // no validation songs: keep the last epoch
                best = valCurve[epoch];
                bestParams = net.params().dup();
                sinceBest = 0;
            } else if (++sinceBest > cfg.earlyStoppingPatience()) {
                break;
            }
        }
        net.setParams(bestParams);
        return net;
    }

    /** Mean squared error of the network's output, without dropout or the weight penalty DL4J's score adds. */
    private static double mse(MultiLayerNetwork net, INDArray x, INDArray y) {
        if (x.rows() == 0) {
            return Double.NaN;
        }
        return net.output(x, false).squaredDistance(y) / x.rows();
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static float[][] features(List<RatedExample> ex) {
        float[][] f = new float[ex.size()][];
        for (int i = 0; i < f.length; i++) {
            f[i] = ex.get(i).features();
        }
        return f;
    }

    private INDArray targets(List<RatedExample> ex) {
        float[][] t = new float[ex.size()][1];
        for (int i = 0; i < t.length; i++) {
            t[i][0] = (float) ((ex.get(i).stars() - ex.get(i).offset()) / cfg.ratingScale());
        }
        return Nd4j.create(t);
    }

    private static double[] meanOverMembers(double[][] curves) {
        double[] out = new double[curves[0].length];
        for (int e = 0; e < out.length; e++) {
            double s = 0;
            int n = 0;
            for (double[] c : curves) {
                if (!Double.isNaN(c[e])) {
                    s += c[e];
                    n++;
                }
            }
            out[e] = n == 0 ? Double.NaN : s / n;
        }
        return out;
    }
}
