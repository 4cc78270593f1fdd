package org.musicrec.model;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MoCo v2 with a genre head, trained one step at a time on DL4J graphs.
 *
 * <p>Inputs of {@link #step}: {@code queryViews}, {@code keyViews} {@code [N, 1, 84, T]} (two
 * augmentations of the same clips), {@code genreTargets} {@code [N, 7]} in {0, 1},
 * {@code genreMask} {@code [N]} (1 = the song has a category). A step is MoCo's forward + optimiser
 * step: momentum-update the key encoder, encode keys (training-mode BN, no backprop), encode queries,
 * {@code loss = w_moco·InfoNCE + w_genre·BCE}, backprop, Adam, enqueue the keys.
 *
 * <p>Why the losses live outside the graph: InfoNCE needs the queue and the key encoder's output,
 * which are not inputs of the query graph, and DL4J's loss layers take one label array per output.
 * Computing the loss in ND4J and feeding {@code dL/dOutput} back with DL4J's external-errors pattern
 * keeps the graph a plain, serialisable network, keeps each loss a small testable function, and
 * costs nothing extra. The sequence is {@code fit}'s own ({@code computeGradientAndScore} and
 * {@code StochasticGradientDescent.optimize}): workspace-scoped training forward → external
 * epsilons → {@code calcBackpropGradients} (via {@link ExternalErrorsBackprop}: the public
 * {@code feedForward(…, clearInputs=false)} + {@code backpropGradient(eps…)} route fails with
 * workspaces on, see there) → {@code getUpdater().update(gradient, iteration, epoch, 1, …)} →
 * {@code params().subi(gradient)} → iteration + 1. On the CPU backend with a float graph the forward and
 * backward run as one oneDNN pass instead ({@link DnnlTraining}, through {@link GraphBackprop}), writing the
 * same gradient view; the rest of the sequence is the same.
 * The epsilons are gradients of <em>mean</em> losses, so the updater is told batch size 1 (DL4J
 * otherwise divides by the minibatch, expecting summed losses).
 *
 * <p>Not thread-safe. No shuffle-BN: MoCo shuffles the key batch across GPUs so that BN statistics
 * cannot leak which key is the positive; one device has one BN batch, so that protection is absent
 * (a known, usually mild, effect; emulating it would mean forwarding sub-batches).
 */
public final class MocoModel {
    /** Losses of one step: {@code total = w_moco·moco + w_genre·bce}. */
    public record TrainStepResult(double total, double moco, double bce) {
    }

    /** Losses and the gradient view of one backprop, before the update is applied. */
    record Backprop(TrainStepResult losses, Gradient gradient) {
    }

    private final ComputationGraph query;
    private final GraphBackprop queryPass;
    private final ComputationGraph key;
    private final KeyQueue queue;
    private final KeyEncoderEma ema;
    private final KeyBatchNormStats keyStats;
    private final DnnlForward keyChain;
    private final InfoNce infoNce;
    private final MaskedBce bce = new MaskedBce();
    private final double mocoWeight;
    private final double genreWeight;
    /** Reused across steps: the summed gradient of a micro-batched step's earlier slices. */
    private INDArray gradientSum;
    /** Per-entry factor applied to a summed gradient of {@code sliceScaleCount} slices: 1, or 1/slices for BN statistics. */
    private INDArray sliceScale;
    private int sliceScaleCount;

    /**
     * Wires existing graphs (fresh, or restored from a checkpoint); the key encoder keeps its parameters.
     * Use {@link #create} for a new model.
     */
    public MocoModel(ComputationGraph query, ComputationGraph key, KeyQueue queue, double momentum,
                     double temperature, double mocoWeight, double genreWeight) {
        if (queue.array().size(1) != projectionDim(query)) {
            throw new IllegalArgumentException("queue dim " + queue.array().size(1) + " != projection dim "
                    + projectionDim(query));
        }
        FastBatchNormHelper.install(query);   // graphs restored from checkpoints too (idempotent)
        FastBatchNormHelper.install(key);
        DnnlConvHelper.installAll(DnnlConvHelper.InputGradients.SKIP_NETWORK_INPUTS, query, key);   // one oneDNN scratch for both: they run one after the other
        this.query = query;
        this.queryPass = GraphBackprop.of(query);   // oneDNN's training pass where it handles the graph
        this.key = key;
        this.queue = queue;
        this.ema = new KeyEncoderEma(query, key, momentum);
        this.keyStats = new KeyBatchNormStats(key);
        // the key encoder only runs forward: one oneDNN chain up to the projection (null: DL4J's layers)
        this.keyChain = DnnlForward.training(key, EncoderGraphFactory.PROJ);
        this.infoNce = new InfoNce(temperature);
        this.mocoWeight = mocoWeight;
        this.genreWeight = genreWeight;
    }

    /**
     * A new model: the query encoder He-initialised, or initialised from {@code encoder.pretrained_backbone}
     * when that path is set ({@link PretrainedBackbone}); the key encoder a copy of it; a random queue.
     *
     * @throws IOException when the pretrained file is missing or does not fit the backbone (message names it)
     */
    public static MocoModel create(EncoderSpec spec, EncoderConfig c) throws IOException {
        ComputationGraph q = EncoderGraphFactory.create(spec);
        if (!c.pretrainedBackbone().isBlank()) {
            PretrainedBackbone.load(Path.of(c.pretrainedBackbone()), q);
        }
        ComputationGraph k = EncoderGraphFactory.create(spec);
        KeyQueue queue = new KeyQueue(c.queueSize(), spec.projectionDim(), spec.seed() + 1, spec.dataType());
        MocoModel m = new MocoModel(q, k, queue, c.momentum(), c.temperature(), c.mocoWeight(), c.genreWeight());
        m.ema.copyAll();
        return m;
    }

    /** One training step over the whole batch in one pass; see the class comment for shapes. */
    public TrainStepResult step(INDArray queryViews, INDArray keyViews, INDArray genreTargets, INDArray genreMask) {
        return step(queryViews, keyViews, genreTargets, genreMask, (int) queryViews.size(0));
    }

    /**
     * One training step whose forward/backward passes hold at most {@code microBatch} samples.
     *
     * <p>Same MoCo step as the single pass: one momentum update, the queue read but not changed
     * until the end, the losses' gradients summed over the micro-batches with the weights that make
     * them the gradient of the whole batch's mean losses, one Adam update, and the whole batch's
     * keys enqueued once. What differs is BatchNorm: its batch statistics are per micro-batch, as
     * they are per GPU in MoCo's own multi-GPU training (MoCo's 256 is 8 × 32), and running
     * statistics take one update per micro-batch.
     */
    public TrainStepResult step(INDArray queryViews, INDArray keyViews, INDArray genreTargets, INDArray genreMask,
                                int microBatch) {
        INDArray k = encodeKeys(keyViews, microBatch);
        Backprop b = backprop(queryViews, k, genreTargets, genreMask, microBatch);
        applyUpdate(b.gradient());
        queue.enqueue(k);
        return b.losses();
    }

    /**
     * Momentum update of the key encoder, then its keys {@code [N, P]}, L2-normalised, computed at most
     * {@code microBatch} views at a time (training-mode BN per slice) and concatenated in batch order.
     */
    INDArray encodeKeys(INDArray keyViews, int microBatch) {
        ema.update();
        List<MicroBatches.Slice> slices = MicroBatches.split(keyViews.size(0), microBatch);
        INDArray[] parts = new INDArray[slices.size()];
        boolean light = keyChain == null && keyStats.fromHelpers();
        for (int i = 0; i < parts.length; i++) {
            INDArray views = slices.get(i).of(keyViews);
            INDArray proj;
            if (keyChain != null) {   // training-mode BN inside the chain; its batch statistics update the key's
                proj = keyChain.output(views);
                keyStats.updateFrom(keyChain.batchStatistics());
            } else if (light) {   // outputs only; the BN helpers hold the batch statistics
                // the query pass's own workspaces, so the two passes share one peak; outputs (proj, genre)
                proj = ExternalErrorsBackprop.trainingForward(key, new INDArray[] {views})[0];
                keyStats.updateFromHelpers();
            } else {       // every activation, for the BN inputs' statistics
                Map<String, INDArray> acts = key.feedForward(new INDArray[] {views}, true, true);
                keyStats.update(acts);
                proj = acts.get(EncoderGraphFactory.PROJ);
            }
            parts[i] = InfoNce.normalizeRows(proj);
        }
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /** Query forward (training mode), both losses, and backprop of their gradients. */
    Backprop backprop(INDArray queryViews, INDArray k, INDArray genreTargets, INDArray genreMask) {
        return backprop(queryViews, k, genreTargets, genreMask, 1.0, 1.0);
    }

    /**
     * As {@link #backprop(INDArray, INDArray, INDArray, INDArray)}, with each loss's gradient also
     * scaled by this slice's share of the batch ({@code mocoShare}, {@code genreShare}).
     */
    private Backprop backprop(INDArray queryViews, INDArray k, INDArray genreTargets, INDArray genreMask,
                              double mocoShare, double genreShare) {
        LossAndGradient[] losses = new LossAndGradient[2];
        // Outputs arrive in EncoderGraphFactory's setOutputs order: (proj, genre).
        Gradient g = queryPass.backprop(queryViews, outputs -> {
            losses[0] = infoNce.compute(outputs[0], k, queue.array());
            losses[1] = bce.compute(outputs[1], genreTargets, genreMask);
            return new INDArray[] {losses[0].gradient().muli(mocoWeight * mocoShare),
                    losses[1].gradient().muli(genreWeight * genreShare)};
        });
        double total = mocoWeight * losses[0].loss() + genreWeight * losses[1].loss();
        return new Backprop(new TrainStepResult(total, losses[0].loss(), losses[1].loss()), g);
    }

    /**
     * Losses of the whole batch and its gradient (in the graph's gradient view), computed slice by
     * slice when the batch is larger than {@code microBatch}, summing gradients. InfoNCE is a mean over rows, so slice i weighs
     * {@code n_i / n}; the masked BCE is a mean over tagged rows, so slice i weighs
     * {@code tagged_i / tagged} (0 when the batch has none). Each backprop overwrites the graph's
     * gradient view, so all but the last slice are summed into {@code gradientSum} and the last
     * adds that sum into the view, which the updater then reads. BN running statistics are not
     * trained: DL4J moves them by a pseudo-gradient ({@code (1−decay)·(running − batch)}), so those
     * entries are averaged over the slices, not summed: one update per step towards the mean of the
     * slices' batch statistics (a sum would overshoot, and diverge from 1/(1−decay) slices on).
     */
    Backprop backprop(INDArray queryViews, INDArray k, INDArray genreTargets, INDArray genreMask, int microBatch) {
        List<MicroBatches.Slice> slices = MicroBatches.split(queryViews.size(0), microBatch);
        if (slices.size() == 1) {
            return backprop(queryViews, k, genreTargets, genreMask);
        }
        long n = queryViews.size(0);
        double tagged = genreMask.sumNumber().doubleValue();
        double moco = 0, genre = 0;
        Gradient g = null;
        for (int i = 0; i < slices.size(); i++) {
            MicroBatches.Slice s = slices.get(i);
            INDArray mask = s.of(genreMask.reshape(n));
            double mocoShare = (double) s.size() / n;
            double genreShare = tagged == 0 ? 0 : mask.sumNumber().doubleValue() / tagged;
            Backprop b = backprop(s.of(queryViews), s.of(k), s.of(genreTargets), mask, mocoShare, genreShare);
            moco += mocoShare * b.losses().moco();
            genre += genreShare * b.losses().bce();
            g = b.gradient();
            INDArray view = g.gradient();
            if (i == 0) {
                gradientSum = gradientSum == null || !gradientSum.equalShapes(view) ? view.dup() : gradientSum.assign(view);
            } else if (i < slices.size() - 1) {
                gradientSum.addi(view);
            } else {
                view.addi(gradientSum).muli(sliceScale(slices.size()));
            }
        }
        return new Backprop(new TrainStepResult(mocoWeight * moco + genreWeight * genre, moco, genre), g);
    }

    private INDArray sliceScale(int slices) {
        if (sliceScale == null || sliceScaleCount != slices) {
            INDArray trainable = BatchNormLayers.trainableMask(query);
            sliceScale = trainable.add(trainable.rsub(1.0).divi(slices));
            sliceScaleCount = slices;
        }
        return sliceScale;
    }

    /** Adam (+L2) turns the gradient view into the update in place; params -= update; iteration += 1. */
    void applyUpdate(Gradient g) {
        int iteration = query.getIterationCount();
        int epoch = query.getEpochCount();
        query.getUpdater().update(g, iteration, epoch, 1, LayerWorkspaceMgr.noWorkspaces());
        query.params().subi(g.gradient());
        query.getConfiguration().setIterationCount(iteration + 1);
    }

    /** True when the query's training pass runs on oneDNN ({@link DnnlTraining}) rather than DL4J's layers. */
    boolean queryPassOnOneDnn() {
        return queryPass.onOneDnn();
    }

    /** Sets Adam's step size for the following steps (a cosine schedule calls this each step). */
    public void setLearningRate(double lr) {
        query.setLearningRate(lr);
    }

    /** Call at the end of each epoch: Adam and schedules see the epoch count. */
    public void endEpoch() {
        query.incrementEpochCount();
    }

    /** The query encoder: the model that is trained, checkpointed with its updater, and used to embed. */
    public ComputationGraph queryEncoder() {
        return query;
    }

    /** The momentum (key) encoder; checkpoint its parameters too, since its BN statistics are its own. */
    public ComputationGraph keyEncoder() {
        return key;
    }

    public KeyQueue queue() {
        return queue;
    }

    private static long projectionDim(ComputationGraph g) {
        var layer = g.getLayer(EncoderGraphFactory.PROJ).conf().getLayer();
        return ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer).getNOut();
    }
}
