package org.musicrec.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN convolution helper, except that 1×1 stride-1 convolutions on large feature maps run as
 * one batched matrix product in NCHW instead of through oneDNN.
 *
 * <p>Why: a 1×1 convolution in NCHW is, per sample, {@code Y[n] = W · X[n]} ({@code [Cout, Cin] ×
 * [Cin, H·W]}) — a plain GEMM on the data as it lies. libnd4j's oneDNN path instead reorders input,
 * weights and output between NCHW and oneDNN's blocked layouts on every call, which for a 1×1
 * convolution (little arithmetic per byte) costs more than the arithmetic: on ResNet-50's first stage
 * (batch 16, 21×79 maps, 2 cores) oneDNN takes 13 ms (256→64) and 36 ms (64→256) forward where the
 * batched product takes 7 ms each ({@code Conv1x1Bench}). On small maps (late stages, ≤ 120 pixels)
 * oneDNN is as fast or faster, so the product is used only above a map size, separately for the forward
 * pass and for the backward pass (whose weight gradient needs a per-sample partial sum):
 * <ul>
 *   <li>forward: {@code Y = W̃ · X} with {@code X} viewed {@code [N, Cin, H·W]} and {@code W̃} the
 *       weights viewed {@code [N, Cout, Cin]} with stride 0 along N (no copy); plus the bias if any;</li>
 *   <li>backward: {@code dX = W̃ᵀ · dY}, {@code dW = Σₙ dY[n] · X[n]ᵀ} (per-sample products, then a sum),
 *       {@code db = Σ dY} over N, H, W.</li>
 * </ul>
 * Everything else (other kernels, strides, NHWC, non-float data, small maps) goes to DL4J's oneDNN helper,
 * unchanged. Being a subclass of {@link MKLDNNConvHelper} matters: {@code ConvolutionLayer} tests
 * {@code instanceof MKLDNNConvHelper} to decide how to pass the bias gradient. Covered by
 * {@code PointwiseConvHelperTest} (outputs and gradients against DL4J's layer, helpers off, in double).
 */
public class PointwiseConvHelper extends MKLDNNConvHelper {
    private final PointwiseGemmPolicy policy;

    PointwiseConvHelper(DataType dataType, PointwiseGemmPolicy policy) {
        super(dataType);
        this.policy = policy;
    }

    /**
     * Replaces DL4J's oneDNN helper by this one in every convolution layer of {@code g} that has it and
     * has not got another helper of ours already; idempotent. Returns how many layers hold one of ours.
     */
    public static int install(ComputationGraph g) {
        return install(g, PointwiseGemmPolicy.MEASURED);
    }

    static int install(ComputationGraph g, PointwiseGemmPolicy policy) {
        return new LayerHelperSwap<>(ConvolutionLayer.class).install(g, conv -> conv.getClass() == ConvolutionLayer.class,
                (conv, h) -> h != null && h.getClass() == MKLDNNConvHelper.class
                        ? new PointwiseConvHelper(conv.getParam("W").dataType(), policy) : null,
                PointwiseConvHelper.class);
    }

    /** Whether this call is a 1×1, stride-1, unpadded, undilated NCHW float convolution on contiguous arrays. */
    private static boolean pointwise(INDArray input, INDArray weights, int[] kernel, int[] strides, int[] pad,
                                     int[] dilation, CNN2DFormat format, ConvolutionMode mode) {
        return format == CNN2DFormat.NCHW && mode != ConvolutionMode.Same
                && kernel[0] == 1 && kernel[1] == 1 && strides[0] == 1 && strides[1] == 1
                && pad[0] == 0 && pad[1] == 0 && dilation[0] == 1 && dilation[1] == 1
                && input.rank() == 4 && input.dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT;
    }

    private static long pixels(INDArray nchw) {
        return nchw.size(2) * nchw.size(3);
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!pointwise(input, weights, kernel, strides, pad, dilation, format, convolutionMode)
                || pixels(input) < policy.forwardMinPixels()) {
            return super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                    format, workspaceMgr);
        }
        long n = input.size(0), cOut = weights.size(0), hw = pixels(input);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {n, cOut, input.size(2), input.size(3)}, 'c');
        INDArray out3 = out.reshape('c', n, cOut, hw);
        Nd4j.exec(new Mmul(perSample(weights, n, false), samples(input), out3, null));
        if (bias != null) {
            Nd4j.exec(new BroadcastAddOp(out3, bias.reshape(cOut), out3, 1));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode mode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        if (!pointwise(input, weights, kernel, strides, pad, dilation, format, convolutionMode)
                || pixels(input) < policy.backwardMinPixels() || delta.dataType() != DataType.FLOAT) {
            return super.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView,
                    afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
        }
        long n = input.size(0), cIn = weights.size(1), cOut = weights.size(0), hw = pixels(input);
        INDArray x3 = samples(input);
        INDArray dy3 = samples(delta);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        Nd4j.exec(new Mmul(perSample(weights, n, true), dy3, dx.reshape('c', n, cIn, hw), null));
        INDArray partial = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
                new long[] {n, cOut, cIn}, 'c');
        Nd4j.exec(new Mmul(dy3, x3.permute(0, 2, 1), partial, null));
        partial.sum(weightGradView.reshape('c', cOut, cIn), 0);
        Gradient g = new DefaultGradient();
        if (biasGradView != null) {
            dy3.sum(biasGradView.reshape(cOut), 0, 2);
            g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, dx);
    }

    /** {@code [N, C, H, W]} as {@code [N, C, H·W]}, copying only if the array is not c-contiguous. */
    private static INDArray samples(INDArray nchw) {
        INDArray c = nchw.ordering() == 'c' && nchw.elementWiseStride() == 1 ? nchw : nchw.dup('c');
        return c.reshape('c', c.size(0), c.size(1), pixels(c));
    }

    /**
     * The {@code [Cout, Cin, 1, 1]} weights as {@code [N, Cout, Cin]} (or its per-sample transpose
     * {@code [N, Cin, Cout]}) with stride 0 along N: libnd4j's batched matmul then reads the same matrix
     * for every sample instead of a broadcast copy.
     */
    private static INDArray perSample(INDArray weights, long n, boolean transposed) {
        INDArray w = weights.ordering() == 'c' && weights.elementWiseStride() == 1 ? weights : weights.dup('c');
        long cOut = w.size(0), cIn = w.size(1);
        return transposed
                ? Nd4j.create(w.data(), new long[] {n, cIn, cOut}, new long[] {0, 1, cIn}, w.offset(), 'c')
                : Nd4j.create(w.data(), new long[] {n, cOut, cIn}, new long[] {0, cIn, 1}, w.offset(), 'c');
    }
}
