package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.musicrec.model.DnnlForward.Bn;
import org.musicrec.model.DnnlForward.Conv;
import org.musicrec.model.DnnlForward.Dense;
import org.musicrec.model.DnnlForward.Node;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The training pass of a graph (training-mode forward, then backprop of errors computed outside the
 * graph) as oneDNN primitives, writing DL4J's own gradient view: what
 * {@link org.deeplearning4j.nn.graph.ExternalErrorsBackprop#backprop} computes through DL4J's layers, so
 * DL4J's updater, checkpoints and configuration stay as they are.
 *
 * <p>Why beside DL4J's graph rather than inside it: inside, each layer hands the next an NCHW array in
 * DL4J's workspaces, so every BatchNorm, ReLU and residual add is a separate pass over memory with
 * layout conversions around each convolution, and DL4J copies each add's gradient for both branches.
 * Here tensors stay in oneDNN's blocked layouts from the first convolution to the global pool, ReLU runs
 * inside BatchNorm ({@code fuse_norm_relu}) or the add (a post-op), an add's gradient goes to both
 * branches without copies, and gradients meeting at a block's input are summed in place.
 *
 * <p>Gradients are DL4J's, to float rounding ({@code DnnlTrainingTest}): weights, biases, BN γ/β, and BN
 * running statistics' pseudo-gradients ({@code (1−decay)·(running − batch)} with the biased batch
 * variance, which the no-op updater subtracts). Parameters are read at every run. {@link #of} returns
 * null for graphs with vertices the chain does not handle, for non-float parameters, off the CPU backend
 * and with {@value DnnlConvHelper#PROPERTY}{@code =false}: the caller then keeps DL4J's path. Not
 * thread-safe, like the graph.
 */
final class DnnlTraining {
    /** A full batch and a remainder (the last micro-batch of a step, or of an epoch). */
    private static final int PLANS = 2;

    final DnnlRuntime runtime;
    final List<Node> nodes;
    final String input;
    final List<String> outputs;
    /** Per vertex with parameters, its gradient views by parameter key (views of the graph's flat gradient). */
    private final Map<String, Map<String, INDArray>> gradientViews;
    private final List<BatchNormLayers.Bn> batchNorms;
    private final Gradient gradient;
    /** Plans hold every activation of a pass (gigabytes for ResNet-50): an evicted one frees its memory at once. */
    private final Map<String, DnnlTrainingPlan> plans = new LruCache<>(PLANS, DnnlTrainingPlan::close);

    private DnnlTraining(DnnlRuntime runtime, List<Node> nodes, ComputationGraph graph,
                         Map<String, Map<String, INDArray>> gradientViews) {
        this.runtime = runtime;
        this.nodes = nodes;
        this.input = graph.getConfiguration().getNetworkInputs().get(0);
        this.outputs = List.copyOf(graph.getConfiguration().getNetworkOutputs());
        this.gradientViews = gradientViews;
        this.batchNorms = BatchNormLayers.of(graph);
        DefaultGradient g = new DefaultGradient(graph.getFlattenedGradients());
        gradientViews.forEach((vertex, views) -> views.forEach((key, view) -> g.setGradientFor(vertex + "_" + key, view)));
        this.gradient = g;
    }

    /** The oneDNN training pass of {@code graph}, or null (see the class comment). */
    static DnnlTraining of(ComputationGraph graph) {
        List<Node> nodes = DnnlForward.read(graph, graph.getConfiguration().getNetworkOutputs(), true);
        if (nodes == null || !everyVertexLeadsToAnOutput(nodes, graph.getConfiguration().getNetworkOutputs())) {
            return null;
        }
        if (graph.getFlattenedGradients() == null) {
            graph.initGradientsView();   // DL4J makes it on the first backprop; the views below are into it
        }
        Map<String, Map<String, INDArray>> views = new HashMap<>();
        long covered = 0;
        for (Node n : nodes) {
            if (n instanceof Conv c && c.relu()) {
                return null;   // the training graph's convolutions are linear (BN follows)
            }
            Layer layer = graph.getLayer(n.name());
            if (layer != null && trainingOnlyTransform(layer.conf().getLayer())) {
                return null;
            }
            if (!(n instanceof Conv || n instanceof Bn || n instanceof Dense)) {
                continue;
            }
            Map<String, INDArray> v = layer.conf().getLayer().initializer()
                    .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
            for (var e : v.entrySet()) {
                INDArray param = layer.getParam(e.getKey());
                if (param == null || !Arrays.equals(param.shape(), e.getValue().shape())
                        || param.ordering() != e.getValue().ordering() || !contiguous(param) || !contiguous(e.getValue())) {
                    return null;
                }
                covered += e.getValue().length();
            }
            if (n instanceof Bn b && !scaleAndShiftAdjacent(b, layer, v)) {
                return null;
            }
            views.put(n.name(), Map.copyOf(v));
        }
        if (covered != graph.numParams()) {
            return null;   // a parameter this pass would not write
        }
        DnnlRuntime runtime = DnnlRuntime.create();
        return runtime == null ? null : new DnnlTraining(runtime, nodes, graph, views);
    }

    /**
     * Forward {@code x} in training mode, hand the outputs (in {@code setOutputs} order) to {@code errors},
     * which returns dLoss/dOutput for each, and backprop those into the graph's gradient view. Returns the
     * graph's gradient, ready for {@code getUpdater().update(...)}.
     */
    Gradient backprop(INDArray x, Function<INDArray[], INDArray[]> errors) {
        INDArray in = dense(x);
        String key = Arrays.toString(in.shape());
        DnnlTrainingPlan p = plans.get(key);
        if (p == null) {
            try {
                p = new DnnlTrainingPlan(this, in.shape());
            } catch (RuntimeException e) {   // oneDNN refused a primitive: nothing has run, DL4J's path can take over
                throw new PlanFailure("oneDNN cannot build the training pass for input " + key + ": " + e.getMessage(), e);
            }
            plans.put(key, p);
        }
        INDArray[] outs = p.forward(in);
        INDArray[] eps = errors.apply(outs);
        for (int i = 0; i < eps.length; i++) {
            eps[i] = dense(eps[i]);
        }
        p.backward(eps);
        runningStatisticsGradients(p.batchStatistics());
        return gradient;
    }

    /** Building the pass for a new input shape failed before anything ran; the graph and its gradients are untouched. */
    static final class PlanFailure extends RuntimeException {
        PlanFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The gradient view of parameter {@code key} of vertex {@code vertex}. */
    INDArray gradientView(String vertex, String key) {
        return gradientViews.get(vertex).get(key);
    }

    /** DL4J's pseudo-gradient of BN's running statistics: (1−decay)·(running − batch); the updater is a no-op for them. */
    private void runningStatisticsGradients(Map<String, INDArray[]> statistics) {
        for (BatchNormLayers.Bn bn : batchNorms) {
            INDArray[] s = statistics.get(bn.name());
            Map<String, INDArray> g = gradientViews.get(bn.name());
            double w = 1 - bn.decay();
            g.get(org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.GLOBAL_MEAN)
                    .assign(bn.mean()).subi(s[0].reshape(bn.mean().shape())).muli(w);
            g.get(org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.GLOBAL_VAR)
                    .assign(bn.var()).subi(s[1].reshape(bn.var().shape())).muli(w);
        }
    }

    /** Dropout or weight noise: what DL4J applies in training only, and this pass does not. */
    private static boolean trainingOnlyTransform(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return conf.getIDropout() != null
                || conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b && b.getWeightNoise() != null;
    }

    /**
     * oneDNN reads γ and β as one [2, C] array and writes their gradients so: DL4J keeps γ, β (and their
     * gradients) next to each other in its flat vectors, which this checks rather than assumes.
     */
    private static boolean scaleAndShiftAdjacent(Bn b, Layer layer, Map<String, INDArray> grads) {
        String gamma = org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.GAMMA;
        String beta = org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.BETA;
        long c = b.gamma().length();
        return adjacent(layer.getParam(gamma), layer.getParam(beta), c) && adjacent(grads.get(gamma), grads.get(beta), c);
    }

    private static boolean adjacent(INDArray first, INDArray second, long length) {
        return first != null && second != null && first.dataType() == DataType.FLOAT
                && second.data().addressPointer().address() == first.data().addressPointer().address() + 4 * length;
    }

    /** Every vertex's output is read by another vertex or is a network output (so every parameter gets a gradient). */
    private static boolean everyVertexLeadsToAnOutput(List<Node> nodes, List<String> outputs) {
        java.util.Set<String> read = new java.util.HashSet<>(outputs);
        nodes.forEach(n -> read.addAll(n.inputs()));
        return nodes.stream().allMatch(n -> read.contains(n.name()));
    }

    /** Dense in its own ordering: the strides of a packed array (sizes-1 dimensions' strides do not matter). */
    private static boolean contiguous(INDArray a) {
        long expected = 1;
        int rank = a.rank();
        for (int k = 0; k < rank; k++) {
            int d = a.ordering() == 'c' ? rank - 1 - k : k;
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    private static INDArray dense(INDArray a) {
        return a.ordering() == 'c' && contiguous(a) && a.dataType() == DataType.FLOAT
                ? a : a.castTo(DataType.FLOAT).dup('c');
    }
}
