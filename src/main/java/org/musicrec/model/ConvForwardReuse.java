package org.musicrec.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Saves one convolution per convolution layer in every training step on the CPU.
 *
 * <p>DL4J M2.1's {@code ConvolutionLayer.backpropGradient} recomputes the layer's forward convolution
 * ({@code preOutput4d(true, true, …)}) to apply the activation's derivative, unless {@code CacheMode}
 * kept it — and that cache needs an {@code FF_CACHE} workspace which the external-errors training path
 * does not open. For an identity activation (every convolution of {@link ResNetBuilder}: a BN follows)
 * the recomputed array is exactly the forward pass's output, which is still alive in the
 * all-layers-activations workspace during backprop (the next layer, a BN, keeps it as its input). This
 * subclass of DL4J's oneDNN helper (a subclass, not a wrapper: {@code ConvolutionLayer} tests
 * {@code instanceof MKLDNNConvHelper} to decide whether to pass a dummy bias gradient, and a wrapper
 * made every later convolution 5× slower) remembers the output of the last forward call and returns it to
 * the backprop-time call when the input and weights are the same arrays; any other call computes as
 * before. The backprop-time call is told apart by its workspace manager, which has activation-gradient
 * workspaces configured (DL4J's {@code calcBackpropGradients}); a forward call never does.
 *
 * <p>Installed by {@link #install(ComputationGraph)} only on convolution layers with an identity
 * activation that use DL4J's oneDNN helper (CPU, {@link OneDnnHelpers} enabled); CUDA and helper-less
 * runs keep DL4J's layers untouched. Results are bit-identical (same array); covered by
 * {@code ConvForwardReuseTest}.
 */
public class ConvForwardReuse extends MKLDNNConvHelper {
    private static final LayerHelperSwap<ConvolutionLayer> SWAP = new LayerHelperSwap<>(ConvolutionLayer.class);

    private INDArray lastInput;
    private INDArray lastWeights;
    private INDArray lastOutput;

    private final boolean reuse;

    ConvForwardReuse(DataType dataType) {
        this(dataType, true);
    }

    /** @param reuse false for layers whose activation is not the identity (their output is not the pre-activation) */
    ConvForwardReuse(DataType dataType, boolean reuse) {
        super(dataType);
        this.reuse = reuse;
    }

    /** Wraps the oneDNN helper of every identity-activation convolution layer of {@code g}; idempotent. Returns the count. */
    public static int install(ComputationGraph g) {
        // Only DL4J's own oneDNN helper is replaced: a subclass (not a wrapper), because DL4J checks
        // `instanceof MKLDNNConvHelper` elsewhere.
        return SWAP.install(g, conv -> conv.getClass() == ConvolutionLayer.class
                        && ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conv.conf().getLayer()).getActivationFn()
                        instanceof ActivationIdentity,
                (conv, h) -> h != null && h.getClass() == MKLDNNConvHelper.class
                        ? new ConvForwardReuse(conv.getParam("W").dataType()) : null,
                ConvForwardReuse.class);
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
                              org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo fwdAlgo,
                              ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        boolean backpropCall = workspaceMgr.hasConfiguration(ArrayType.ACTIVATION_GRAD);
        if (backpropCall) {
            INDArray out = lastOutput;
            boolean hit = out != null && lastInput == input && lastWeights == weights && !out.wasClosed();
            lastInput = null;
            lastWeights = null;
            lastOutput = null;
            if (hit) {
                return out;
            }
            return convolve(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode,
                    dilation, format, workspaceMgr);
        }
        INDArray out = convolve(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode,
                dilation, format, workspaceMgr);
        boolean keep = reuse && workspaceMgr.hasConfiguration(ArrayType.ACTIVATIONS) && out != null && out.isAttached();
        lastInput = keep ? input : null;
        lastWeights = keep ? weights : null;
        lastOutput = keep ? out : null;
        return out;
    }

    /** The forward convolution itself: here libnd4j's oneDNN op, as DL4J's helper runs it. */
    protected INDArray convolve(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                                org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
                                org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo fwdAlgo,
                                ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                LayerWorkspaceMgr workspaceMgr) {
        return super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode,
                dilation, format, workspaceMgr);
    }
}
