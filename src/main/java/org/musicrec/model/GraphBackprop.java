package org.musicrec.model;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Function;

/**
 * A graph's training pass with errors computed outside it: on oneDNN ({@link DnnlTraining}) where that
 * handles the graph, else through DL4J's layers ({@link ExternalErrorsBackprop}). Both write the graph's
 * own gradient view, so the updater and everything after it are the same either way; when oneDNN cannot
 * build the pass for an input shape, this says so once and stays on DL4J's layers.
 */
final class GraphBackprop {
    private final ComputationGraph graph;
    private DnnlTraining onednn;   // null: DL4J's layers (from the start, or after oneDNN refused a shape)

    private GraphBackprop(ComputationGraph graph, DnnlTraining onednn) {
        this.graph = graph;
        this.onednn = onednn;
    }

    static GraphBackprop of(ComputationGraph graph) {
        return new GraphBackprop(graph, DnnlTraining.of(graph));
    }

    /** DL4J's layers only (for comparisons). */
    static GraphBackprop dl4j(ComputationGraph graph) {
        return new GraphBackprop(graph, null);
    }

    /** True when the pass runs on oneDNN. */
    boolean onOneDnn() {
        return onednn != null;
    }

    /**
     * Training-mode forward of {@code x}, {@code errors} maps the outputs (setOutputs order) to dLoss/dOutput,
     * backprop into the gradient view; returns the graph's gradient for {@code getUpdater().update(...)}.
     */
    Gradient backprop(INDArray x, Function<INDArray[], INDArray[]> errors) {
        if (onednn != null) {
            try {
                return onednn.backprop(x, errors);
            } catch (DnnlTraining.PlanFailure e) {
                System.err.println("warning: " + e.getMessage() + "; training continues on DL4J's layers (slower)");
                onednn = null;
            }
        }
        return ExternalErrorsBackprop.backprop(graph, new INDArray[] {x}, errors);
    }
}
