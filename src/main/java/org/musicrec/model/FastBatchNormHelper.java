package org.musicrec.model;

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
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.Map;

/**
 * A faster CPU implementation of DL4J's BatchNormalization for NCHW activations, plugged into DL4J's own
 * {@link BatchNormalization} layer as its {@link BatchNormalizationHelper} (same layer class, parameters,
 * serialisation and {@code ComputationGraph} API; only the arithmetic differs).
 *
 * <p>Why: with DL4J M2.1's oneDNN helper, BN backward runs libnd4j's {@code batchnorm_bp}, which took
 * 15–37× PyTorch's time and was the largest single cost of a ResNet training step on the CPU (see
 * BENCHMARKS.md, "CPU engine"). This helper views a float {@code [N, C, H, W]} as {@code N·C} contiguous
 * rows of {@code H·W} and makes each phase one fused pass over memory ({@link RowKernels}), with the
 * per-channel arithmetic on {@code [C]} Java arrays in double:
 * <ul>
 *   <li>forward (training): Σx and Σx² per row in one pass, summed per channel: μ, σ² = E[x²] − μ² (clamped
 *       at 0; fine for conv activations, whose |mean|/std is small); then out = x·a + b in one pass, with
 *       a = γ/σ, b = β − μ·a;</li>
 *   <li>forward (inference): DL4J's oneDNN helper (float), else the same map with the running statistics;</li>
 *   <li>backward: Σε and Σε·x per row in one pass, then dβ = Σε, dγ = (Σε·x − μΣε)/σ and
 *       dx = a·ε + b'·x + c' in one pass.</li>
 * </ul>
 * Other data types return null, which sends DL4J's layer down its built-in path. Batch mean and (biased)
 * variance are kept for the layer's running-statistics update, exactly as the oneDNN helper does.
 * Installed by {@link #install(ComputationGraph)} only where DL4J chose its oneDNN helper (CPU backend
 * with {@link OneDnnHelpers} enabled); elsewhere (CUDA/cuDNN, helpers off) DL4J's layers are left as
 * they are. {@code FastBatchNormHelperTest} checks outputs and gradients against DL4J's built-in layer in
 * float and in double.
 */
public final class FastBatchNormHelper implements BatchNormalizationHelper {
    private static final LayerHelperSwap<BatchNormalization> SWAP = new LayerHelperSwap<>(BatchNormalization.class);

    /** DL4J's oneDNN helper, still used for inference-mode forward (one oneDNN pass, as fast as it gets here). */
    private final MKLDNNBatchNormHelper inference;
    /** oneDNN's BatchNorm for dense float arrays, when {@link DnnlConvHelper#installAll} gave one. */
    private DnnlBatchNorm dnnl;
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

    /** Training forward and backward run on oneDNN where the arrays allow it (null: the Java kernels only). */
    void useDnnl(DnnlBatchNorm bn) {
        this.dnnl = bn;
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

    /** {@code a} itself if c-contiguous, else a c-ordered copy (the row kernels read memory directly). */
    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1 ? a : a.dup('c');
    }

    private static double[] doubles(INDArray v, int c) {
        return v.reshape(c).castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Per-channel totals of per-row values: row {@code r} is channel {@code r mod c}. */
    private static double[] perChannel(double[] perRow, int c) {
        double[] out = new double[c];
        for (int r = 0; r < perRow.length; r++) {
            out[r % c] += perRow[r];
        }
        return out;
    }

    /** Stores the batch statistics where the layer (and KeyBatchNormStats) read them, outside any workspace. */
    private void cacheStatistics(double[] mu, double[] sigma2) {
        statisticsCache(mu.length);
        meanCache.assign(Nd4j.createFromArray(floats(mu)));
        varCache.assign(Nd4j.createFromArray(floats(sigma2)));
    }

    /** The [C] float arrays holding the last batch's statistics (outside any workspace), allocated on first use. */
    private void statisticsCache(int c) {
        if (meanCache == null || meanCache.length() != c) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(DataType.FLOAT, c);
                varCache = Nd4j.createUninitialized(DataType.FLOAT, c);
            }
        }
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
        if (x.dataType() != DataType.FLOAT) {
            return null;   // the row kernels are float; DL4J's built-in path for the rest
        }
        int c = (int) x.size(1);
        if (training && dnnl != null && DnnlBatchNorm.eligible(x)) {
            statisticsCache(c);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
            dnnl.forwardTraining(x, gamma, beta, eps, out, meanCache, varCache);
            return out;
        }
        double m = (double) x.size(0) * x.size(2) * x.size(3);
        INDArray xc = contiguous(x);
        RowKernels.Rows xr = RowKernels.Rows.of(xc);
        double[] mu;
        double[] sigma2;
        if (training) {
            double[] sum = new double[xr.rows()];
            double[] squares = new double[xr.rows()];
            RowKernels.sumAndSquares(xr, sum, squares);   // one pass: Σx and Σx² per row
            mu = perChannel(sum, c);
            sigma2 = perChannel(squares, c);
            for (int i = 0; i < c; i++) {
                mu[i] /= m;
                sigma2[i] = Math.max(0.0, sigma2[i] / m - mu[i] * mu[i]);
            }
            cacheStatistics(mu, sigma2);
        } else {
            mu = doubles(mean, c);
            sigma2 = doubles(var, c);
        }
        double[] g = doubles(gamma, c);
        double[] be = doubles(beta, c);
        float[] a = new float[c];
        float[] b = new float[c];
        for (int i = 0; i < c; i++) {
            double ai = g[i] / Math.sqrt(sigma2[i] + eps);
            a[i] = (float) ai;
            b[i] = (float) (be[i] - mu[i] * ai);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        RowKernels.affine(xr, a, b, RowKernels.Rows.of(out));
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
        if (input.dataType() != DataType.FLOAT || epsilon.dataType() != DataType.FLOAT) {
            return null;
        }
        int c = (int) input.size(1);
        if (dnnl != null && DnnlBatchNorm.eligible(input, epsilon)) {
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            dnnl.backward(input, epsilon, gamma, beta, meanCache, varCache, eps, dx, dGammaView, dBetaView);
            Gradient g = new DefaultGradient();
            g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            return new Pair<>(g, dx);
        }
        double m = (double) input.size(0) * input.size(2) * input.size(3);
        RowKernels.Rows xr = RowKernels.Rows.of(contiguous(input));
        RowKernels.Rows er = RowKernels.Rows.of(contiguous(epsilon));
        double[] rowSum = new double[xr.rows()];
        double[] rowDot = new double[xr.rows()];
        RowKernels.sumAndDot(er, xr, rowSum, rowDot);   // one pass: Σε and Σε·x per row
        double[] sumE = perChannel(rowSum, c);
        double[] sumEX = perChannel(rowDot, c);
        double[] mu = doubles(meanCache, c);
        double[] var = doubles(varCache, c);
        double[] gam = doubles(gamma, c);
        double[] dGamma = new double[c];
        float[] a = new float[c];
        float[] bp = new float[c];
        float[] cp = new float[c];
        for (int i = 0; i < c; i++) {
            double invStd = 1.0 / Math.sqrt(var[i] + eps);
            dGamma[i] = (sumEX[i] - mu[i] * sumE[i]) * invStd;
            double ai = gam[i] * invStd;
            // dx = a·(ε − dβ/M − x̂·dγ/M), x̂ = (x − μ)·invStd  →  dx = a·ε + b'·x + c'
            double bi = -ai * invStd * dGamma[i] / m;
            a[i] = (float) ai;
            bp[i] = (float) bi;
            cp[i] = (float) (-ai * sumE[i] / m - bi * mu[i]);
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        RowKernels.affine2(er, a, xr, bp, cp, RowKernels.Rows.of(dx));   // one pass over ε and x
        dGammaView.assign(Nd4j.createFromArray(floats(dGamma)).reshape(dGammaView.shape()));
        dBetaView.assign(Nd4j.createFromArray(floats(sumE)).reshape(dBetaView.shape()));
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, dx);
    }
}
