package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Gives the key encoder's BatchNorm running statistics a real update from its forward pass.
 *
 * <p>DL4J updates running mean/variance only in backprop (as a pseudo-gradient subtracted from the
 * parameters), and the key encoder never runs backprop. So after each training-mode key forward
 * pass this applies, for every BN layer, {@code global = d·global + (1−d)·batch}, with the batch
 * mean and the biased variance over N (and H, W for 4-d inputs) of the BN layer's input, the very
 * statistics DL4J's own BN uses in training mode. The inputs come from the activations map that
 * {@code feedForward} returns (keyed by vertex name), so no extra forward pass is needed.
 *
 * <p>When every BN layer runs {@link FastBatchNormHelper} (the CPU backend with oneDNN helpers), that
 * helper has already computed these batch statistics in the forward pass: {@link #fromHelpers()} then
 * lets the caller skip {@code feedForward}'s copies of every activation (gigabytes for ResNet-50) and
 * the reductions, forward with {@code output(train=true)} and call {@link #updateFromHelpers()}.
 */
public final class KeyBatchNormStats {
    private final List<BatchNormLayers.Bn> layers;
    private final ComputationGraph graph;

    public KeyBatchNormStats(ComputationGraph keyEncoder) {
        this.layers = BatchNormLayers.of(keyEncoder);
        this.graph = keyEncoder;
    }

    /** True when every BN layer's helper keeps its last training-mode batch statistics. */
    public boolean fromHelpers() {
        return layers.stream().allMatch(bn -> helper(bn) != null);
    }

    /**
     * Updates every BN layer's running statistics from the batch statistics its {@link FastBatchNormHelper}
     * computed in the last training-mode forward pass. Call only when {@link #fromHelpers()}.
     */
    public void updateFromHelpers() {
        for (BatchNormLayers.Bn bn : layers) {
            FastBatchNormHelper h = helper(bn);
            if (h == null || h.getMeanCache(null) == null || h.getMeanCache(null).length() != bn.mean().length()) {
                throw new IllegalStateException("no batch statistics in the helper of " + bn.name());
            }
            blend(bn, h.getMeanCache(null), h.getVarCache(null));
        }
    }

    /**
     * Updates every BN layer's running statistics from per-layer {mean, biased variance} of the last batch,
     * as a training-mode {@link DnnlForward} chain reports them.
     */
    void updateFrom(Map<String, INDArray[]> statistics) {
        for (BatchNormLayers.Bn bn : layers) {
            INDArray[] s = statistics.get(bn.name());
            if (s == null) {
                throw new IllegalStateException("no batch statistics for " + bn.name());
            }
            blend(bn, s[0], s[1]);
        }
    }

    private FastBatchNormHelper helper(BatchNormLayers.Bn bn) {
        var layer = (org.deeplearning4j.nn.layers.normalization.BatchNormalization) graph.getLayer(bn.name());
        return layer.getHelper() instanceof FastBatchNormHelper f ? f : null;
    }

    /** {@code global = d·global + (1−d)·batch} for mean and variance. */
    private static void blend(BatchNormLayers.Bn bn, INDArray batchMean, INDArray batchVar) {
        double d = bn.decay();
        bn.mean().muli(d).addi(batchMean.reshape(bn.mean().shape()).castTo(bn.mean().dataType()).mul(1 - d));
        bn.var().muli(d).addi(batchVar.reshape(bn.var().shape()).castTo(bn.var().dataType()).mul(1 - d));
    }

    /** Updates every BN layer's running statistics from {@code activations} of one forward pass. */
    public void update(Map<String, INDArray> activations) {
        for (BatchNormLayers.Bn bn : layers) {
            INDArray x = activations.get(bn.input());
            if (x == null) {
                throw new IllegalStateException("no activations for " + bn.input() + ", the input of " + bn.name());
            }
            int[] dims = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};   // NCHW or [N, C]
            blend(bn, x.mean(dims), x.var(false, dims));
        }
    }
}
