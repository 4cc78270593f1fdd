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
 */
public final class KeyBatchNormStats {
    private final List<BatchNormLayers.Bn> layers;

    public KeyBatchNormStats(ComputationGraph keyEncoder) {
        this.layers = BatchNormLayers.of(keyEncoder);
    }

    /** Updates every BN layer's running statistics from {@code activations} of one forward pass. */
    public void update(Map<String, INDArray> activations) {
        for (BatchNormLayers.Bn bn : layers) {
            INDArray x = activations.get(bn.input());
            if (x == null) {
                throw new IllegalStateException("no activations for " + bn.input() + ", the input of " + bn.name());
            }
            int[] dims = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};   // NCHW or [N, C]
            INDArray batchMean = x.mean(dims).reshape(bn.mean().shape()).castTo(bn.mean().dataType());
            INDArray batchVar = x.var(false, dims).reshape(bn.var().shape()).castTo(bn.var().dataType());
            double d = bn.decay();
            bn.mean().muli(d).addi(batchMean.muli(1 - d));
            bn.var().muli(d).addi(batchVar.muli(1 - d));
        }
    }
}
