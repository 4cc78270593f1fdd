package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The BatchNorm layers of a graph and the places of their running statistics in the graph's flat
 * parameter vector. DL4J keeps running mean/variance inside {@code params()} (updated through a
 * no-op updater by backprop), so anything that treats "the parameters" as one vector must know
 * where they are.
 */
public final class BatchNormLayers {
    /**
     * One BN layer: its name, the vertex feeding it, and views of its running statistics.
     *
     * @param mean running mean view {@code [1, C]}, part of {@code params()}
     * @param var  running variance view {@code [1, C]} (the encoder stores variance, not log-std)
     */
    public record Bn(String name, String input, INDArray mean, INDArray var, double decay) {
    }

    private BatchNormLayers() {
    }

    /** BN layers in topological order. Fails if a layer stores log10(std) instead of variance. */
    public static List<Bn> of(ComputationGraph graph) {
        List<Bn> out = new ArrayList<>();
        for (int idx : graph.topologicalSortOrder()) {
            var vertex = graph.getVertices()[idx];
            if (!vertex.hasLayer()) {
                continue;
            }
            Layer layer = vertex.getLayer();
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization bn) {
                INDArray var = bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
                if (var == null) {
                    throw new IllegalStateException("BatchNorm " + vertex.getVertexName()
                            + " stores log10(std); the encoder expects useLogStd(false)");
                }
                String input = graph.getConfiguration().getVertexInputs().get(vertex.getVertexName()).get(0);
                out.add(new Bn(vertex.getVertexName(), input, bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN),
                        var, bn.layerConf().getDecay()));
            }
        }
        return out;
    }

    /**
     * A mask shaped like {@code graph.params()}: 1 for trainable entries, 0 for BN
     * running statistics. Built from the views' offsets into the flat buffer (the flat order is
     * not {@code paramTable()}'s order: a shortcut's parameters sit among its block's).
     */
    public static INDArray trainableMask(ComputationGraph graph) {
        INDArray flat = graph.params();
        INDArray mask = Nd4j.ones(flat.dataType(), flat.length()).reshape(flat.shape());
        INDArray flatMask = mask.reshape(flat.length());   // a view: same buffer
        for (Bn bn : of(graph)) {
            for (INDArray view : List.of(bn.mean(), bn.var())) {
                long from = view.offset() - flat.offset();
                if (view.data().address() != flat.data().address() || from < 0 || from + view.length() > flat.length()) {
                    throw new IllegalStateException("BN statistics of " + bn.name() + " are not a view of params()");
                }
                flatMask.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + view.length())).assign(0);
            }
        }
        return mask;
    }

    /** Number of entries of {@code params()} that are trained (everything but BN running statistics). */
    public static long trainableCount(ComputationGraph graph) {
        return graph.numParams() - of(graph).stream().mapToLong(b -> b.mean().length() + b.var().length()).sum();
    }
}
