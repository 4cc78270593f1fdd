package org.musicrec.model;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;

/**
 * Convolution forward, backward-data and backward-weights straight on oneDNN's primitives (JavaCPP's
 * {@code org.bytedeco:dnnl}), in place of libnd4j's {@code conv2d}/{@code conv2d_bp} ops.
 *
 * <p>Why: libnd4j rebuilds its oneDNN primitives and reorders on every call, a fixed cost that
 * dominates on ResNet's small late-stage maps — one 3×3, 512-channel layer on 3×10 maps at batch 16
 * took 70–80 ms backward there against 18 ms here ({@code DnnlConvBench}). Here a {@link DnnlConvPlan}
 * per geometry keeps the primitives, and the blocked copies live in one scratch set per graph
 * ({@link DnnlRuntime}).
 *
 * <p>A helper, like DL4J's own, so graphs keep DL4J's layers, configurations and serialisation. It
 * subclasses DL4J's oneDNN helper (DL4J tests {@code instanceof MKLDNNConvHelper}, see
 * {@link ConvForwardReuse}) and inherits the reuse of the forward output in backprop for
 * identity-activation layers. Anything outside what it handles — not float, NHWC, dilation — goes to
 * libnd4j's op as before. Installed only where DL4J itself chose its oneDNN helper (CPU backend,
 * {@link OneDnnHelpers} on), so CUDA graphs keep cuDNN. {@value #PROPERTY}{@code =false} turns it off.
 * Checked against DL4J's built-in layer in {@code DnnlConvHelperTest}.
 */
public final class DnnlConvHelper extends ConvForwardReuse {
    /** System property; "false" keeps libnd4j's convolution op (for A/B measurements). */
    public static final String PROPERTY = "musicrec.dnnl";
    private static final LayerHelperSwap<ConvolutionLayer> SWAP = new LayerHelperSwap<>(ConvolutionLayer.class);
    private static final LayerHelperSwap<org.deeplearning4j.nn.layers.normalization.BatchNormalization> BN_SWAP =
            new LayerHelperSwap<>(org.deeplearning4j.nn.layers.normalization.BatchNormalization.class);
    private static final int PLANS_PER_LAYER = 4;   // batch sizes a layer sees: micro-batch, remainder, embed passes
    /** DL4J's default ReLU (no threshold, cap or slope): the only activation fused into the convolution. */
    static final ActivationReLU PLAIN_RELU = new ActivationReLU();

    /** Whether layers fed straight by a network input compute the gradient with respect to that input. */
    public enum InputGradients {
        /** Every layer returns its input gradient, as DL4J's own layers do. */
        COMPUTE,
        /**
         * Layers whose input is a network input return none (null, DL4J's convention for inputs without a
         * gradient, as its EmbeddingLayer does): what PyTorch does for an input that does not require grad.
         * For graphs trained on their parameters only.
         */
        SKIP_NETWORK_INPUTS
    }

    private final DnnlRuntime runtime;
    private final boolean inputGradient;
    private final boolean fuseRelu;
    /** Whether the last forward output already had the ReLU applied (false when it went to libnd4j). */
    private boolean lastOutputActivated;
    private final Map<String, DnnlConvPlan> plans = new LruCache<>(PLANS_PER_LAYER);

    /**
     * @param reuseForward hand the forward output to backprop (identity-activation layers only)
     * @param fuseRelu     apply the layer's plain ReLU inside the convolution (the folded inference graph's layers)
     */
    DnnlConvHelper(DnnlRuntime runtime, boolean reuseForward, boolean fuseRelu, boolean inputGradient) {
        super(DataType.FLOAT, reuseForward);
        this.runtime = runtime;
        this.fuseRelu = fuseRelu;
        this.inputGradient = inputGradient;
    }

    /**
     * Puts a helper on every convolution layer of the graphs that runs DL4J's oneDNN helper (or ours,
     * which then moves to the new runtime): the graphs share one runtime and scratch, so pass graphs
     * that run one after the other together.
     * Without oneDNN here, or with {@value #PROPERTY}{@code =false}, installs {@link ConvForwardReuse}
     * instead. Idempotent. Returns the count of layers now on this helper. The graphs' {@link InPlaceRelu}
     * layers ({@link DnnlRelu}) and {@link FastBatchNormHelper}s ({@link DnnlBatchNorm}; install those first)
     * run on the same runtime.
     */
    public static int installAll(InputGradients inputGradients, ComputationGraph... graphs) {
        DnnlRuntime runtime = DnnlRuntime.create();
        DnnlRelu relu = runtime == null ? null : new DnnlRelu(runtime);   // plans per size, shared by the graphs
        DnnlBatchNorm bn = runtime == null ? null : new DnnlBatchNorm(runtime);
        int n = 0;
        for (ComputationGraph g : graphs) {
            if (runtime == null) {
                ConvForwardReuse.install(g);
                continue;
            }
            for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
                if (l instanceof InPlaceReluLayer r) {
                    r.useDnnl(relu);
                }
            }
            BN_SWAP.install(g, layer -> true, (layer, h) -> {
                if (h instanceof FastBatchNormHelper fast) {
                    fast.useDnnl(bn);
                }
                return null;   // keep the helper
            }, FastBatchNormHelper.class);
            n += SWAP.install(g, conv -> conv.getClass() == ConvolutionLayer.class,
                    (conv, h) -> h != null && (h.getClass() == MKLDNNConvHelper.class || h.getClass() == ConvForwardReuse.class
                            || h instanceof DnnlConvHelper d && d.runtime != runtime)
                            ? new DnnlConvHelper(runtime, activation(conv) instanceof ActivationIdentity,
                            PLAIN_RELU.equals(activation(conv)),
                            inputGradients == InputGradients.COMPUTE || !fedByNetworkInput(g, conv)) : null,
                    DnnlConvHelper.class);
        }
        return n;
    }

    /** True when every input of the layer's vertex is a network input, with no preprocessor in between. */
    private static boolean fedByNetworkInput(ComputationGraph g, ConvolutionLayer conv) {
        String name = conv.conf().getLayer().getLayerName();
        var conf = g.getConfiguration();
        var vertex = conf.getVertices().get(name);
        var inputs = conf.getVertexInputs().get(name);
        return vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv && lv.getPreProcessor() == null
                && inputs != null && !inputs.isEmpty() && conf.getNetworkInputs().containsAll(inputs);
    }

    private static IActivation activation(ConvolutionLayer conv) {
        return ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conv.conf().getLayer()).getActivationFn();
    }

    /**
     * DL4J applies the layer's activation to the forward output through this call. A fused ReLU was
     * applied already; ReLU's backprop gives the same mask from max(0, z) as from z, so backprop,
     * which recomputes the forward output through {@code preOutput}, stays correct too.
     */
    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        if (lastOutputActivated && PLAIN_RELU.equals(afn)) {
            return z;
        }
        return super.activate(z, afn, training);
    }

    @Override
    protected INDArray convolve(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                                org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
                                org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo fwdAlgo,
                                ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                LayerWorkspaceMgr workspaceMgr) {
        long[] dst = outputShape(input, weights, kernel, strides, pad, convolutionMode, dilation, format);
        lastOutputActivated = false;
        if (dst == null) {
            return super.convolve(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                    format, workspaceMgr);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, dst);
        INDArray x = dense(input);
        INDArray w = dense(weights);
        INDArray b = bias == null ? null : dense(bias);
        plan(x, w, dst, strides, pad, kernel, dilation, convolutionMode, b != null, fuseRelu)
                .forward(address(x), address(w), b == null ? null : address(b), address(out));
        lastOutputActivated = fuseRelu;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn,
                                                     org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
                                                     org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        long[] dst = outputShape(input, weights, kernel, strides, pad, convolutionMode, dilation, format);
        if (dst == null || delta.dataType() != DataType.FLOAT || !Arrays.equals(delta.shape(), dst)
                || (bias != null) != (biasGradView != null)) {
            return super.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView,
                    afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
        }
        INDArray x = dense(input);
        INDArray w = dense(weights);
        INDArray dy = dense(delta);
        INDArray dx = inputGradient
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape()) : null;
        INDArray dW = isDense(weightGradView) ? weightGradView : Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
        INDArray db = biasGradView == null ? null
                : isDense(biasGradView) ? biasGradView : Nd4j.createUninitialized(DataType.FLOAT, biasGradView.shape());
        plan(x, w, dst, strides, pad, kernel, dilation, convolutionMode, bias != null, fuseRelu)
                .backward(address(x), address(w), address(dy), dx == null ? null : address(dx), address(dW),
                        db == null ? null : address(db));
        if (dW != weightGradView) {
            weightGradView.assign(dW);
        }
        if (db != null && db != biasGradView) {
            biasGradView.assign(db);
        }
        Gradient g = new DefaultGradient();
        if (biasGradView != null) {
            g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, dx);
    }

    /** The output shape when this helper can run the layer; null sends the call to libnd4j. */
    private static long[] outputShape(INDArray input, INDArray weights, int[] kernel, int[] strides, int[] pad,
                                      ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
        if (format != CNN2DFormat.NCHW || input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT
                || input.rank() != 4 || dilation[0] != 1 || dilation[1] != 1) {
            return null;
        }
        int[] out = mode == ConvolutionMode.Same
                ? ConvolutionUtils.getOutputSize(input, kernel, strides, null, mode, dilation, format)
                : ConvolutionUtils.getOutputSize(input, kernel, strides, pad, mode, dilation, format);
        return new long[] {input.size(0), weights.size(0), out[0], out[1]};
    }

    private DnnlConvPlan plan(INDArray x, INDArray w, long[] dst, int[] strides, int[] pad, int[] kernel, int[] dilation,
                              ConvolutionMode mode, boolean hasBias, boolean relu) {
        long[] padLeft;
        long[] padRight;
        if (mode == ConvolutionMode.Same) {
            int[] tl = ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) dst[2], (int) dst[3]},
                    new int[] {(int) x.size(2), (int) x.size(3)}, kernel, strides, dilation);
            padLeft = new long[] {tl[0], tl[1]};
            // bottom/right: whatever makes (in + padL + padR - k) / s + 1 equal the output size
            padRight = new long[] {
                    Math.max(0, (dst[2] - 1) * strides[0] + kernel[0] - x.size(2) - tl[0]),
                    Math.max(0, (dst[3] - 1) * strides[1] + kernel[1] - x.size(3) - tl[1])};
        } else {
            // Truncate/Strict: symmetric padding; oneDNN's integer division floors as DL4J does
            padLeft = new long[] {pad[0], pad[1]};
            padRight = padLeft;
        }
        long[] st = {strides[0], strides[1]};
        String key = Arrays.toString(x.shape()) + Arrays.toString(w.shape()) + Arrays.toString(st)
                + Arrays.toString(padLeft) + Arrays.toString(padRight) + hasBias + relu;
        DnnlConvPlan p = plans.get(key);
        if (p == null) {
            p = new DnnlConvPlan(runtime, x.shape(), w.shape(), dst, st, padLeft, padRight, hasBias, relu);
            plans.put(key, p);
        }
        return p;
    }

    private static boolean isDense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    private static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    /** The address of the array's first element ({@code addressPointer} already includes a view's offset). */
    private static Pointer address(INDArray a) {
        return a.data().addressPointer();
    }
}
