package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;

/**
 * An inference-only copy of a trained encoder's backbone, input to {@value ResNetBuilder#EMBEDDING},
 * with every BatchNorm folded into the convolution before it (see {@link FoldedConv}) and the ReLU
 * after that BN made the convolution's own activation (DL4J applies it in place to the convolution's
 * output; as a separate {@code ActivationLayer} it copies the array first). Per ResNet block this
 * removes 2–3 BN passes and 1–2 ReLU copies and leaves the convolutions (now with a bias) plus the
 * residual add and its ReLU. Same input name and format, same output name, same embedding up to float
 * rounding. The structure comes from {@link FoldPlan}; the heads are not part of it.
 *
 * <p>Built once per extraction run; it shares nothing with the trained graph (fresh parameters), so
 * the trained graph is left as it is. Plain DL4J layers, so DL4J picks its oneDNN (or cuDNN) helpers
 * for it as for any graph, and its convolutions run on {@link DnnlConvHelper}; there are no BN helpers to install.
 */
public final class FoldedBackbone {
    /**
     * Largest activation one forward pass may make: bounds the memory of a pass. It began as a speed fix
     * (glibc maps blocks above 32 MB afresh on every call, and libnd4j allocated activation-sized buffers per
     * convolution: ResNet-50 on 30 s chunks ran 4.0–7.3 chunks/s in passes of 16, 8.1–8.6 in passes of 6).
     * On the oneDNN chain ({@link DnnlForward}), which keeps its buffers, pass size no longer changes speed
     * (ResNet-50 15.7–15.9 chunks/s for passes of 1 to 53 inputs, BENCHMARKS.md, "CPU engine").
     */
    static final long MAX_ACTIVATION_BYTES = 32L << 20;

    private final ComputationGraph graph;
    /**
     * The same graph as one oneDNN chain, made at the first pass (it reads the parameters then); null when
     * the graph has layers the chain does not handle, or off the CPU.
     */
    private DnnlForward dnnl;
    private boolean dnnlTried;
    private final String output;
    private final long maxActivationBytes;
    /** Rows per pass for the last input shape seen (the embed stage uses one chunk shape throughout). */
    private long[] lastShape;
    private int lastRows;

    private FoldedBackbone(ComputationGraph graph, String output, long maxActivationBytes) {
        this.graph = graph;
        this.output = output;
        this.maxActivationBytes = maxActivationBytes;
    }

    /** The folded backbone of {@code trained} up to {@value ResNetBuilder#EMBEDDING}. */
    public static FoldedBackbone of(ComputationGraph trained) {
        return of(trained, ResNetBuilder.EMBEDDING);
    }

    /** The folded graph of {@code trained} up to vertex {@code output}; fails if a BN on the way cannot be folded. */
    public static FoldedBackbone of(ComputationGraph trained, String output) {
        return of(trained, output, MAX_ACTIVATION_BYTES);
    }

    static FoldedBackbone of(ComputationGraph trained, String output, long maxActivationBytes) {
        FoldPlan plan = FoldPlan.of(trained, output);
        ComputationGraph g = new ComputationGraph(configuration(trained.getConfiguration(), plan));
        g.init();
        DnnlConvHelper.installAll(DnnlConvHelper.InputGradients.COMPUTE, g);
        copyParameters(trained, g, plan);
        return new FoldedBackbone(g, output, maxActivationBytes);
    }

    /**
     * Embeddings {@code [N, E]} of {@code x} {@code [N, C, H, W]} (same input as the trained graph), in
     * inference mode, in passes small enough that no activation exceeds {@link #MAX_ACTIVATION_BYTES}.
     */
    public INDArray embed(INDArray x) {
        long n = x.size(0);
        int rows = rowsPerPass(x);
        if (n <= rows) {
            return forward(x);
        }
        INDArray out = null;
        for (long i = 0; i < n; i += rows) {
            long end = Math.min(n, i + rows);
            INDArray e = forward(x.get(NDArrayIndex.interval(i, end), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
            if (out == null) {
                out = Nd4j.createUninitialized(e.dataType(), n, e.size(1));
            }
            out.get(NDArrayIndex.interval(i, end), NDArrayIndex.all()).assign(e);
        }
        return out;
    }

    private INDArray forward(INDArray x) {
        if (!dnnlTried) {
            dnnl = DnnlForward.of(graph, output);
            dnnlTried = true;
        }
        if (dnnl != null) {
            return dnnl.output(x);
        }
        return graph.output(List.of(output), false, new INDArray[] {x}, null)[0];
    }

    /** Whether passes run as one oneDNN chain ({@link DnnlForward}) rather than through DL4J's layers (after the first pass). */
    boolean onDnnl() {
        return dnnl != null;
    }

    /** How many inputs of {@code x}'s shape one pass takes: the largest per-input activation decides. */
    int rowsPerPass(INDArray x) {
        long[] shape = x.shape();
        if (lastShape == null || !java.util.Arrays.equals(lastShape, 1, 4, shape, 1, 4)) {
            long largest = 1;
            var types = graph.getConfiguration().getLayerActivationTypes(
                    InputType.convolutional(shape[2], shape[3], shape[1]));
            for (InputType t : types.values()) {
                largest = Math.max(largest, t.arrayElementsPerExample());
            }
            long bytesPerInput = largest * x.dataType().width();
            lastRows = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxActivationBytes / bytesPerInput));
            lastShape = shape.clone();
        }
        return lastRows;
    }

    /** The folded graph (single output, the embedding). */
    public ComputationGraph graph() {
        return graph;
    }

    private static ComputationGraphConfiguration configuration(ComputationGraphConfiguration src, FoldPlan plan) {
        Map<String, GraphVertex> vertices = src.getVertices();
        Map<String, List<String>> inputsOf = src.getVertexInputs();
        // only what matters for inference: data type, workspaces, cache mode (no updater, no seed: params are copied)
        GraphBuilder b = new NeuralNetConfiguration.Builder()
                .dataType(src.getDataType())
                .trainingWorkspaceMode(src.getTrainingWorkspaceMode())
                .inferenceWorkspaceMode(src.getInferenceWorkspaceMode())
                .cacheMode(src.getCacheMode())
                .graphBuilder()
                .addInputs(plan.inputs());
        for (FoldPlan.Step step : plan.steps()) {
            if (step instanceof FoldPlan.Fused f) {
                LayerVertex v = (LayerVertex) vertices.get(f.conv()).clone();
                ConvolutionLayer conv = (ConvolutionLayer) v.getLayerConf().getLayer();
                conv.setHasBias(true);
                if (f.activation() != null) {
                    conv.setActivationFn(((ActivationLayer) ((LayerVertex) vertices.get(f.activation())).getLayerConf()
                            .getLayer()).getActivationFn());
                }
                conv.setLayerName(f.name());
                b.addVertex(f.name(), v, inputsOf.get(f.conv()).toArray(String[]::new));
            } else {
                b.addVertex(step.name(), vertices.get(step.name()).clone(),
                        inputsOf.get(step.name()).toArray(String[]::new));
            }
        }
        return b.setOutputs(plan.output()).build();
    }

    private static void copyParameters(ComputationGraph from, ComputationGraph to, FoldPlan plan) {
        for (FoldPlan.Step step : plan.steps()) {
            Layer target = to.getVertex(step.name()).getLayer();
            if (step instanceof FoldPlan.Fused f) {
                Layer conv = from.getLayer(f.conv());
                FoldedConv fc = FoldedConv.fold(conv.getParam(ConvolutionParamInitializer.WEIGHT_KEY),
                        conv.getParam(ConvolutionParamInitializer.BIAS_KEY),
                        BatchNormAffine.of((BatchNormalization) from.getLayer(f.bn())));
                target.getParam(ConvolutionParamInitializer.WEIGHT_KEY).assign(fc.weights());
                target.getParam(ConvolutionParamInitializer.BIAS_KEY).assign(fc.bias());
            } else if (target != null) {
                Layer source = from.getLayer(step.name());
                source.paramTable().forEach((k, v) -> target.getParam(k).assign(v));
            }
        }
    }
}
