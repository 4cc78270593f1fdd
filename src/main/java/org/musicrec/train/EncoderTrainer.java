package org.musicrec.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.musicrec.config.EncoderConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.model.InfoNce;
import org.musicrec.model.MaskedBce;
import org.musicrec.model.MicroBatches;
import org.musicrec.model.MocoModel;
import org.musicrec.progress.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The encoder's training loop: seeded song split, per-epoch shuffles, batches prefetched in the
 * background, cosine learning rate per step, validation loss each epoch, metrics.csv + PNG, best and
 * last checkpoints, early stopping. The last incomplete batch of an epoch is dropped because the
 * MoCo queue takes whole batches. Everything random derives from (seed, epoch, batch), so a run
 * resumed from its last checkpoint takes exactly the steps an uninterrupted run would.
 */
public final class EncoderTrainer {
    /** How training ended. */
    public record Outcome(TrainerState state, Path best, Path last, boolean stoppedEarly) {
    }

    private static final double MIN_DELTA = 1e-4;

    private final MusicrecConfig cfg;
    private final EncoderConfig enc;
    private final ViewBatchMakerFactory makers;
    private final Path dir;
    private final Progress progress;
    private final PrintStream out;

    /** Builds a {@link ViewBatchMaker} over a given pool of songs (training or validation split). */
    @FunctionalInterface
    public interface ViewBatchMakerFactory {
        ViewBatchMaker over(List<TrainingSong> pool);
    }

    public EncoderTrainer(MusicrecConfig cfg, ViewBatchMakerFactory makers, Path encoderDir, Progress progress,
                          PrintStream out) {
        this.cfg = cfg;
        this.enc = cfg.encoder();
        this.makers = makers;
        this.dir = encoderDir;
        this.progress = progress;
        this.out = out;
    }

    public Path bestDir() {
        return dir.resolve("best");
    }

    public Path lastDir() {
        return dir.resolve("last");
    }

    public Outcome train(List<TrainingSong> songs, MocoModel model, TrainerState start) throws IOException {
        TrainValSplit<TrainingSong> split = TrainValSplit.of(songs, cfg.trainSplit(), cfg.seed());
        int b = enc.batchSize();
        if (split.train().size() < b) {
            throw new IllegalArgumentException("encoder training needs at least encoder.batch_size = " + b
                    + " training songs, the split has " + split.train().size() + " (of " + songs.size()
                    + " cached songs): lower encoder.batch_size (and encoder.queue_size to a multiple of it)");
        }
        int stepsPerEpoch = split.train().size() / b;
        CosineSchedule lr = new CosineSchedule(enc.learningRate(), (long) stepsPerEpoch * enc.epochs());
        ViewBatchMaker trainMaker = makers.over(split.train());
        ViewBatchMaker valMaker = makers.over(split.validation());
        MetricsLog log = new MetricsLog(dir);
        TrainerState state = start;
        List<EpochMetrics> history = new ArrayList<>(state.history());
        boolean stopped = false;
        for (int epoch = state.epochsDone(); epoch < enc.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double[] sums = new double[3];
            long step = state.globalStep();
            progress.start("epoch " + (epoch + 1) + "/" + enc.epochs(), stepsPerEpoch);
            try (BatchPrefetcher batches = new BatchPrefetcher(trainMaker, epochBatches(split.train(), epoch, b),
                    passSeed(epoch), 1, 2)) {
                while (batches.hasNext()) {
                    ViewBatch vb = batches.next();
                    model.setLearningRate(lr.at(step));
                    MocoModel.TrainStepResult r = model.step(vb.queryViews(), vb.keyViews(), vb.genreTargets(), vb.genreMask(),
                            enc.effectiveMicroBatch());
                    sums[0] += r.total();
                    sums[1] += r.moco();
                    sums[2] += r.bce();
                    step++;
                    progress.step();
                }
            }
            model.endEpoch();
            double[] val = validate(model, valMaker, split.validation());
            double secs = (System.nanoTime() - t0) / 1e9;
            EpochMetrics m = new EpochMetrics(epoch + 1, sums[0] / stepsPerEpoch, sums[1] / stepsPerEpoch,
                    sums[2] / stepsPerEpoch, val[0], val[1], val[2], lr.at(step), secs,
                    (double) stepsPerEpoch * b / secs);
            history.add(m);
            boolean improved = m.valLoss() < state.bestValLoss() - MIN_DELTA;
            state = new TrainerState(epoch + 1, step, improved ? m.valLoss() : state.bestValLoss(),
                    improved ? 0 : state.epochsSinceBest() + 1, enc.encoderVersion(), enc.backbone(), history);
            out.printf(java.util.Locale.ROOT, "epoch %d/%d: train %.4f (moco %.4f, genre %.4f)  val %.4f (moco %.4f, genre %.4f)  %.1f samples/s%s%n",
                    m.epoch(), enc.epochs(), m.trainLoss(), m.trainMoco(), m.trainBce(), m.valLoss(), m.valMoco(),
                    m.valBce(), m.samplesPerSecond(), improved ? "  * best" : "");
            log.write(history);
            if (improved) {
                EncoderCheckpoint.save(bestDir(), model, state, cfg);
            }
            EncoderCheckpoint.save(lastDir(), model, state, cfg);
            if (state.epochsSinceBest() > enc.earlyStoppingPatience()) {
                out.println("early stopping: no validation improvement for " + state.epochsSinceBest() + " epochs");
                stopped = true;
                break;
            }
        }
        return new Outcome(state, bestDir(), lastDir(), stopped);
    }

    private long passSeed(int epoch) {
        return cfg.seed() * 1_000_003L + epoch;
    }

    /** Cross-entropy of q_i·k_j/τ over j with the target j = i, averaged over i. */
    private double inBatchInfoNce(INDArray q, INDArray k) {
        INDArray logits = q.mmul(k.transpose()).divi(enc.temperature());   // [n, n]
        INDArray max = logits.max(1).reshape(logits.size(0), 1);
        INDArray lse = org.nd4j.linalg.ops.transforms.Transforms.log(
                org.nd4j.linalg.ops.transforms.Transforms.exp(logits.subColumnVector(max), false).sum(1), false)
                .reshape(logits.size(0), 1).addi(max);
        INDArray diag = org.nd4j.linalg.factory.Nd4j.diag(logits).reshape(logits.size(0), 1);
        return lse.subi(diag).meanNumber().doubleValue();
    }

    /**
     * Inference outputs of {@code g}, computed at most a micro-batch at a time, concatenated; through DL4J's
     * inference path, which frees each activation once its readers ran (a few activations' worth of
     * workspace). The training pass's workspaces would keep every activation of the pass: with the training
     * step on oneDNN ({@code DnnlTraining}), nothing else allocates them, and they added gigabytes to the
     * peak for ResNet-50.
     */
    private INDArray[] outputs(ComputationGraph g, INDArray views) {
        List<MicroBatches.Slice> slices = MicroBatches.split(views.size(0), enc.effectiveMicroBatch());
        INDArray[][] parts = new INDArray[slices.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = g.output(false, slices.get(i).of(views));
        }
        if (parts.length == 1) {
            return parts[0];
        }
        INDArray[] out = new INDArray[parts[0].length];
        for (int o = 0; o < out.length; o++) {
            INDArray[] column = new INDArray[parts.length];
            for (int i = 0; i < parts.length; i++) {
                column[i] = parts[i][o];
            }
            out[o] = Nd4j.concat(0, column);
        }
        return out;
    }

    /** The epoch's shuffled training songs cut into whole batches (the remainder is dropped). */
    private List<List<TrainingSong>> epochBatches(List<TrainingSong> train, int epoch, int b) {
        List<TrainingSong> order = new ArrayList<>(train);
        Collections.shuffle(order, new Random(passSeed(epoch)));
        List<List<TrainingSong>> out = new ArrayList<>();
        for (int i = 0; i + b <= order.size(); i += b) {
            out.add(order.subList(i, i + b));
        }
        return out;
    }

    /**
     * Mean losses on the validation songs, both encoders in inference mode. The MoCo part is the
     * in-batch InfoNCE (each query against the keys of its validation batch), not against the queue:
     * the queue changes every step (early on it still holds random vectors, which are easy
     * negatives), so a queue-based loss would not compare epochs fairly and early stopping would
     * pick the wrong one. The views come from a fixed seed so every epoch sees the same inputs.
     */
    private double[] validate(MocoModel model, ViewBatchMaker maker, List<TrainingSong> val) {
        int b = enc.batchSize();
        List<List<TrainingSong>> batches = new ArrayList<>();
        for (int i = 0; i < val.size(); i += b) {
            batches.add(val.subList(i, Math.min(val.size(), i + b)));
        }
        MaskedBce bce = new MaskedBce();
        double moco = 0, genre = 0;
        long n = 0;
        ComputationGraph q = model.queryEncoder();
        ComputationGraph k = model.keyEncoder();
        try (BatchPrefetcher it = new BatchPrefetcher(maker, batches, cfg.seed() * 7919L - 1, 1, 2)) {
            while (it.hasNext()) {
                ViewBatch vb = it.next();
                INDArray[] qo = outputs(q, vb.queryViews());
                INDArray kp = InfoNce.normalizeRows(outputs(k, vb.keyViews())[0]);
                long size = vb.size();
                moco += inBatchInfoNce(InfoNce.normalizeRows(qo[0]), kp) * size;
                genre += bce.score(qo[1], vb.genreTargets(), vb.genreMask()) * size;
                n += size;
            }
        }
        moco /= n;
        genre /= n;
        return new double[]{enc.mocoWeight() * moco + enc.genreWeight() * genre, moco, genre};
    }
}
