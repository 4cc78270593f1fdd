package org.musicrec.model;

import org.bytedeco.dnnl.memory;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * Inference of a folded backbone ({@link FoldedBackbone}) as one chain of oneDNN primitives, with every
 * intermediate tensor kept in the blocked layout oneDNN's kernels chose: no NCHW round trip per layer,
 * weights reordered once, and each residual block's add and ReLU done inside its last convolution
 * (oneDNN's sum and ReLU post-ops, writing into the shortcut's buffer) instead of two passes over the
 * activation. The same network as DL4J's layers compute, to float rounding ({@code DnnlForwardTest}).
 *
 * <p>Handles what a folded ResNet is made of: plain 2-D convolutions (NCHW, no dilation; identity or
 * ReLU), ReLU activation layers, two-input adds, max pooling, global average pooling. {@link #of}
 * returns null for any other graph, which then runs on DL4J. Parameters are read once, at
 * {@link #of}: the folded graph never changes its parameters after it is built.
 *
 * <p>A {@link DnnlChainPlan} per input shape holds the primitives and a buffer pool sized by liveness (a tensor's
 * buffer is reused once its last reader ran). Not thread-safe, like the graph it replaces.
 */
final class DnnlForward {
    private static final int PLANS = 3;   // a full pass, the remainder pass, one more

    final DnnlRuntime runtime;
    final List<Node> nodes;
    final String input;
    final String output;
    /** Training-mode chain: parameters read at every run (they change), BatchNorm on batch statistics. */
    final boolean live;
    /** The plan that ran last (its BatchNorm statistics are the last batch's). */
    private DnnlChainPlan last;
    /** Weights and biases in the layouts the plans' primitives chose, per parameter array (identity). */
    final Map<INDArray, List<memory>> constants = new java.util.IdentityHashMap<>();
    private final Map<String, DnnlChainPlan> plans = new LruCache<>(PLANS, DnnlChainPlan::close);

    /** One vertex of the graph, as read from its configuration; parameters copied (they are constant). */
    sealed interface Node permits Conv, Relu, Add, Pool, GlobalAvg, Bn, Dense {
        String name();

        List<String> inputs();
    }

    record Conv(String name, List<String> inputs, INDArray weights, INDArray bias, long[] strides, long[] pad,
                boolean same, boolean relu) implements Node {
    }

    record Relu(String name, List<String> inputs) implements Node {
    }

    record Add(String name, List<String> inputs) implements Node {
    }

    record Pool(String name, List<String> inputs, long[] kernel, long[] strides, long[] pad, boolean same)
            implements Node {
    }

    record GlobalAvg(String name, List<String> inputs) implements Node {
    }

    /** BatchNorm with the batch's statistics (training mode; the chains from {@link #training} only). */
    record Bn(String name, List<String> inputs, INDArray gamma, INDArray beta, double eps) implements Node {
    }

    /** A fully connected layer, identity activation; {@code weights} [in, out] as DL4J keeps them. */
    record Dense(String name, List<String> inputs, INDArray weights, INDArray bias) implements Node {
    }

    private DnnlForward(DnnlRuntime runtime, List<Node> nodes, String input, String output, boolean live) {
        this.runtime = runtime;
        this.nodes = nodes;
        this.input = input;
        this.output = output;
        this.live = live;
    }

    /**
     * The oneDNN chain for {@code graph} (one input, single output {@code output}, vertices in topological
     * order), or null when a vertex is of a kind it does not handle, the backend is not the CPU, or
     * {@value DnnlConvHelper#PROPERTY}{@code =false}.
     */
    static DnnlForward of(ComputationGraph graph, String output) {
        return build(graph, output, false);
    }

    /**
     * A training-mode forward chain for {@code graph} up to {@code output} (MoCo's key encoder: no backprop):
     * BatchNorm normalises with each batch's statistics, which {@link #batchStatistics} then gives for the
     * caller's running averages, and parameters are read at every run. Null as for {@link #of}.
     */
    static DnnlForward training(ComputationGraph graph, String output) {
        return build(graph, output, true);
    }

    private static DnnlForward build(ComputationGraph graph, String output, boolean live) {
        List<Node> nodes = read(graph, List.of(output), live);
        DnnlRuntime runtime = nodes == null ? null : DnnlRuntime.create();
        return runtime == null ? null : new DnnlForward(runtime, nodes,
                graph.getConfiguration().getNetworkInputs().get(0), output, live);
    }

    /**
     * The vertices of {@code graph} (one float input) in topological order up to every name in
     * {@code outputs}, as nodes, or null when one of them is of a kind the chains do not handle.
     */
    static List<Node> read(ComputationGraph graph, List<String> outputs, boolean live) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || graph.params().dataType() != DataType.FLOAT) {
            return null;
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> missing = new HashSet<>(outputs);
        Map<String, Boolean> flat = new HashMap<>();   // whether a vertex's output is [N, C] rather than [N, C, H, W]
        flat.put(conf.getNetworkInputs().get(0), false);
        for (int idx : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[idx].getVertexName();
            GraphVertex v = conf.getVertices().get(name);
            if (v == null) {
                continue;   // the network input
            }
            List<String> inputs = conf.getVertexInputs().get(name);
            Node n = node(graph, name, v, inputs, live);
            Boolean in = n == null ? null : flat.get(inputs.get(0));
            if (n == null || in == null || !ranksFit(n, in, inputs, flat)) {
                return null;
            }
            flat.put(name, n instanceof GlobalAvg || n instanceof Dense || in);
            nodes.add(n);
            missing.remove(name);
            if (missing.isEmpty()) {
                break;
            }
        }
        return missing.isEmpty() ? List.copyOf(nodes) : null;
    }

    /** Convolutions, pools, adds and the global pool read 4-D tensors, dense layers 2-D ones; BN and ReLU either. */
    private static boolean ranksFit(Node n, boolean inputFlat, List<String> inputs, Map<String, Boolean> flat) {
        if (n instanceof Dense) {
            return inputFlat;
        }
        if (n instanceof Add) {
            return !inputFlat && Boolean.FALSE.equals(flat.get(inputs.get(1)));
        }
        return n instanceof Bn || n instanceof Relu || !inputFlat;
    }

    private static Node node(ComputationGraph graph, String name, GraphVertex v, List<String> inputs, boolean live) {
        if (v instanceof ElementWiseVertex e) {
            return e.getOp() == ElementWiseVertex.Op.Add && inputs.size() == 2 ? new Add(name, inputs) : null;
        }
        if (!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null || inputs.size() != 1) {
            return null;
        }
        Layer l = lv.getLayerConf().getLayer();
        if (l instanceof ConvolutionLayer c && c.getClass() == ConvolutionLayer.class) {
            IActivation act = c.getActivationFn();
            boolean relu = DnnlConvHelper.PLAIN_RELU.equals(act);
            if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW || c.getDilation()[0] != 1 || c.getDilation()[1] != 1
                    || !(relu || act instanceof ActivationIdentity)) {
                return null;
            }
            var layer = graph.getLayer(name);
            INDArray b = c.hasBias() ? layer.getParam(ConvolutionParamInitializer.BIAS_KEY) : null;
            return new Conv(name, inputs, param(layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY), live),
                    b == null ? null : param(b, live), longs(c.getStride()), longs(c.getPadding()),
                    c.getConvolutionMode() == ConvolutionMode.Same, relu);
        }
        if (l instanceof BatchNormalization bn) {
            var layer = graph.getLayer(name);
            boolean ok = live && !bn.isLockGammaBeta() && !bn.isUseLogStd() && bn.getCnn2DFormat() == CNN2DFormat.NCHW;
            return ok ? new Bn(name, inputs, layer.getParam(BatchNormalizationParamInitializer.GAMMA),
                    layer.getParam(BatchNormalizationParamInitializer.BETA), bn.getEps()) : null;
        }
        if (l instanceof DenseLayer d && d.getClass() == DenseLayer.class) {
            var layer = graph.getLayer(name);
            INDArray b = d.hasBias() ? layer.getParam(DefaultParamInitializer.BIAS_KEY) : null;
            INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
            return d.getActivationFn() instanceof ActivationIdentity && Shape.hasDefaultStridesForShape(w)
                    ? new Dense(name, inputs, param(layer.getParam(DefaultParamInitializer.WEIGHT_KEY), live),
                    b == null ? null : param(b, live)) : null;
        }
        if (l instanceof ActivationLayer a) {
            return DnnlConvHelper.PLAIN_RELU.equals(a.getActivationFn()) ? new Relu(name, inputs) : null;
        }
        if (l instanceof SubsamplingLayer s && s.getClass() == SubsamplingLayer.class) {
            boolean ok = s.getPoolingType() == PoolingType.MAX && s.getCnn2dDataFormat() == CNN2DFormat.NCHW
                    && s.getDilation()[0] == 1 && s.getDilation()[1] == 1;
            return ok ? new Pool(name, inputs, longs(s.getKernelSize()), longs(s.getStride()), longs(s.getPadding()),
                    s.getConvolutionMode() == ConvolutionMode.Same) : null;
        }
        if (l instanceof GlobalPoolingLayer g) {
            int[] dims = g.getPoolingDimensions();
            boolean spatial = dims == null || Arrays.equals(dims, new int[] {2, 3});
            return g.getPoolingType() == PoolingType.AVG && spatial && g.isCollapseDimensions()
                    ? new GlobalAvg(name, inputs) : null;
        }
        return null;
    }

    /** The output ({@code [N, C]}) for {@code x} ({@code [N, C, H, W]}, float). */
    INDArray output(INDArray x) {
        INDArray in = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) && x.dataType() == DataType.FLOAT
                ? x : x.castTo(DataType.FLOAT).dup('c');
        String key = Arrays.toString(in.shape());
        DnnlChainPlan p = plans.get(key);
        if (p == null) {
            p = new DnnlChainPlan(this, in.shape());
            plans.put(key, p);
        }
        last = p;
        return p.run(in);
    }

    /** The kinds of the primitives one pass runs for inputs of {@code shape}, in order (for tests and benchmarks). */
    List<String> stepKinds(long[] shape) {
        return plans.computeIfAbsent(Arrays.toString(shape), k -> new DnnlChainPlan(this, shape)).stepKinds();
    }

    /** A live chain reads the parameter arrays themselves; a snapshot chain copies them (same memory order). */
    private static INDArray param(INDArray p, boolean live) {
        return live ? p : p.dup(p.ordering());
    }

    /**
     * Per BatchNorm vertex of a {@link #training} chain, {mean, biased variance} of the batch the last
     * {@link #output} ran on; the arrays are overwritten by the next run.
     */
    Map<String, INDArray[]> batchStatistics() {
        if (last == null) {
            throw new IllegalStateException("no batch has run yet");
        }
        return last.batchStatistics();
    }

    private static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

}
