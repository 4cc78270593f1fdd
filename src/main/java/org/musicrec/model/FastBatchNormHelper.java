package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Collections;
import java.util.Map;

/**
 * A faster CPU implementation of DL4J's BatchNormalization for NCHW activations, plugged into DL4J's own
 * {@link BatchNormalization} layer as its {@link BatchNormalizationHelper} (same layer class, parameters,
 * serialisation and {@code ComputationGraph} API; only the arithmetic differs).
 *
 * <p>Why: with DL4J M2.1's oneDNN helper, BN backward runs libnd4j's {@code batchnorm_bp}, which took
 * 15–37× PyTorch's time and was the largest single cost of a ResNet training step on the CPU (see
 * BENCHMARKS.md, "CPU engine"). This helper views {@code [N, C, H, W]} as {@code N·C} contiguous rows of
 * {@code H·W} and does every reduction along rows (the fast direction for libnd4j) and every per-channel
 * scale as a row broadcast:
 * <ul>
 *   <li>forward (training): Σx and Σx² per row, summed per channel: μ, σ² = E[x²] − μ² (clamped at 0;
 *       fine for conv activations, whose |mean|/std is small); out = x·a + b with a = γ/σ, b = β − μ·a,
 *       as libnd4j's {@code batchnorm} op with mean 0, variance 1 (oneDNN's primitive, one pass);</li>
 *   <li>forward (inference): DL4J's oneDNN helper (float), else the same affine map with the running
 *       mean and variance;</li>
 *   <li>backward: Σε and Σε·x per row (one sum, one row-wise dot), then
 *       dβ = Σε, dγ = (Σε·x − μΣε)/σ, dx = a·ε + b'·x + c' (two affine passes and an add).</li>
 * </ul>
 * Batch mean and (biased) variance are kept for the layer's running-statistics update, exactly as the
 * oneDNN helper does. Installed by {@link #install(ComputationGraph)} only where DL4J chose its oneDNN
 * helper (CPU backend with {@link OneDnnHelpers} enabled); elsewhere (CUDA/cuDNN, helpers off) DL4J's
 * layers are left as they are. {@code FastBatchNormHelperTest} checks outputs and gradients against
 * DL4J's built-in layer, in double and float.
 */
public final class FastBatchNormHelper implements BatchNormalizationHelper {
    private static final LayerHelperSwap<BatchNormalization> SWAP = new LayerHelperSwap<>(BatchNormalization.class);

    /** DL4J's oneDNN helper, still used for inference-mode forward (one oneDNN pass, as fast as it gets here). */
    private final MKLDNNBatchNormHelper inference;
    private INDArray meanCache;
    private INDArray varCache;

    FastBatchNormHelper(MKLDNNBatchNormHelper inference) {
        this.inference = inference;
    }

    /**
     * Replaces DL4J's oneDNN BatchNorm helper by this one in every BatchNormalization layer of {@code g}
     * that has it; idempotent. Returns how many layers now use this helper.
     */
    public static int install(ComputationGraph g) {
        return SWAP.install(g, bn -> true,
                (bn, h) -> h instanceof MKLDNNBatchNormHelper mkl ? new FastBatchNormHelper(mkl) : null,
                FastBatchNormHelper.class);
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    /** Rows view {@code [N·C, H·W]} of a c-ordered {@code [N, C, H, W]} array (copies only if not c-contiguous). */
    private static INDArray rows(INDArray x) {
        long hw = x.size(2) * x.size(3);
        return x.reshape('c', x.size(0) * x.size(1), hw);
    }

    /** Per-row sums {@code [N·C]}. */
    private static INDArray rowSum(INDArray r) {
        return r.size(1) == 1 ? r.reshape(r.size(0)).dup() : r.sum(1);
    }

    /** Per-row dot products {@code [N·C]}. */
    private static INDArray rowDot(INDArray a, INDArray b) {
        if (a.size(1) == 1) {
            return a.reshape(a.size(0)).mul(b.reshape(b.size(0)));
        }
        INDArray z = Nd4j.createUninitialized(a.dataType(), a.size(0));
        Nd4j.exec(new Dot(a, b, z, 1));
        return z;
    }

    /** Sum over the batch of a per-row vector: {@code [N·C] → [C]}. */
    private static INDArray perChannel(INDArray v, long n, long c) {
        return v.reshape('c', n, c).sum(0);
    }

    /**
     * z = x·scale + shift per channel ({@code [C]} vectors) in one pass: libnd4j's {@code batchnorm} op
     * with mean 0 and variance 1 (oneDNN's batch-norm primitive for float on oneDNN builds).
     */
    private static void affine(INDArray x, INDArray scale, INDArray shift, INDArray z) {
        long c = x.size(1);
        INDArray zero = Nd4j.zeros(x.dataType(), c);
        INDArray one = Nd4j.ones(x.dataType(), c);
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, zero, one, scale, shift).addOutputs(z)
                .addIntegerArguments(1, 1, 1).addFloatingPointArguments(0.0).build());
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (x.rank() != 4 || format != CNN2DFormat.NCHW || gamma == null || beta == null) {
            return null;   // DL4J's built-in path
        }
        if (!training && x.dataType() == DataType.FLOAT && inference != null) {
            return inference.preOutput(x, false, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        long n = x.size(0), c = x.size(1), m = x.size(2) * x.size(3);
        DataType t = x.dataType();
        INDArray xr = rows(x);
        INDArray mu;
        INDArray sigma2;
        if (training) {
            // one pass each for Σx and Σx² per row (the fast, contiguous direction), then per channel
            mu = perChannel(rowSum(xr), n, c).divi((double) n * m);
            sigma2 = perChannel(rowDot(xr, xr), n, c).divi((double) n * m).subi(mu.mul(mu));
            Transforms.max(sigma2, 0.0, false);
            if (meanCache == null || meanCache.length() != c || meanCache.dataType() != t) {
                try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    meanCache = Nd4j.createUninitialized(t, c);
                    varCache = Nd4j.createUninitialized(t, c);
                }
            }
            meanCache.assign(mu);
            varCache.assign(sigma2);
        } else {
            mu = mean.reshape(c).castTo(t);
            sigma2 = var.reshape(c).castTo(t);
        }
        INDArray a = gamma.reshape(c).castTo(t).div(Transforms.sqrt(sigma2.add(eps), false));
        INDArray b = beta.reshape(c).castTo(t).sub(mu.mul(a));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, t, x.shape(), 'c');
        affine(x, a, b, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 4 || format != CNN2DFormat.NCHW || gamma == null || meanCache == null
                || meanCache.length() != input.size(1)) {
            return null;
        }
        long n = input.size(0), c = input.size(1);
        double m = (double) n * input.size(2) * input.size(3);
        DataType t = input.dataType();
        INDArray xr = rows(input);
        INDArray er = rows(epsilon);
        INDArray sumE = perChannel(rowSum(er), n, c);
        INDArray sumEX = perChannel(rowDot(er, xr), n, c);
        INDArray mu = meanCache;
        INDArray invStd = Transforms.pow(varCache.add(eps), -0.5, false);
        INDArray dBeta = sumE;
        INDArray dGamma = sumEX.sub(mu.mul(sumE)).muli(invStd);
        INDArray a = gamma.reshape(c).castTo(t).mul(invStd);
        // dx = a·(ε − dβ/M − x̂·dγ/M), x̂ = (x − μ)·invStd  →  dx = a·ε + b'·x + c'
        INDArray bp = a.mul(invStd).muli(dGamma).muli(-1.0 / m);
        INDArray cp = a.mul(dBeta).muli(-1.0 / m).subi(bp.mul(mu));
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, t, input.shape(), 'c');
        affine(input, bp, cp, dx);
        INDArray ae = Nd4j.createUninitialized(t, input.shape(), 'c');
        affine(epsilon, a, Nd4j.zeros(t, c), ae);
        dx.addi(ae);
        dGammaView.assign(dGamma.reshape(dGammaView.shape()));
        dBetaView.assign(dBeta.reshape(dBetaView.shape()));
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, dx);
    }
}
