package org.musicrec.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * libnd4j's Adam rule, step {@code t = iteration + 1}:
 * {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²},
 * {@code update = m·α_t / (√v + ε)} with {@code α_t = lr·√(1−β2^t) / (1−β1^t)} — written into the gradient
 * array, as DL4J's updaters do — in one pass over float arrays copied in blocks, split over two threads for
 * large parameter blocks ({@link RowKernels#forRows}). Arrays it cannot read directly (CUDA backend, not
 * float, not contiguous) go through DL4J's own updater.
 */
final class FastAdamUpdater extends AdamUpdater {
    /** Elements per block copied into Java arrays: small enough for L1/L2, large enough for vector loops. */
    private static final int BLOCK = 4096;

    private final FastAdam config;
    private INDArray m;
    private INDArray v;

    FastAdamUpdater(FastAdam config) {
        super(config);
        this.config = config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        super.setState(stateMap, initialize);
        m = stateMap.get(M_STATE);
        v = stateMap.get(V_STATE);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        super.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
        Map<String, INDArray> s = super.getState();
        m = s.get(M_STATE);
        v = s.get(V_STATE);
    }

    /** Host memory (the CPU backend: on CUDA the arrays live on the device), float, contiguous. */
    private static boolean direct(INDArray a) {
        return Nd4j.getEnvironment().isCPU() && a.dataType() == DataType.FLOAT && a.elementWiseStride() == 1 && a.length() < Integer.MAX_VALUE;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (m == null || v == null) {
            throw new IllegalStateException("Updater has not been initialized with view state");
        }
        if (!direct(gradient) || !direct(m) || !direct(v) || gradient.length() != m.length()) {
            super.applyUpdater(gradient, iteration, epoch);
            return;
        }
        double beta1 = config.getBeta1();
        double beta2 = config.getBeta2();
        double epsilon = config.getEpsilon();
        double lr = config.getLearningRate(iteration, epoch);
        double alpha = lr * Math.sqrt(1.0 - Math.pow(beta2, iteration + 1)) / (1.0 - Math.pow(beta1, iteration + 1));
        if (Double.isNaN(alpha) || alpha == 0 || Double.isInfinite(alpha)) {
            alpha = epsilon;   // as libnd4j does
        }
        update(gradient, m, v, (float) beta1, (float) beta2, (float) alpha, (float) epsilon);
    }

    private static void update(INDArray gradient, INDArray m, INDArray v, float b1, float b2, float alpha, float eps) {
        FloatBuffer g = gradient.data().asNioFloat();
        FloatBuffer mb = m.data().asNioFloat();
        FloatBuffer vb = v.data().asNioFloat();
        int go = (int) gradient.offset();
        int mo = (int) m.offset();
        int vo = (int) v.offset();
        int n = (int) gradient.length();
        int blocks = (n + BLOCK - 1) / BLOCK;
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        RowKernels.forRows(blocks, n, (from, to) -> {
            float[] gs = new float[BLOCK];
            float[] ms = new float[BLOCK];
            float[] vs = new float[BLOCK];
            for (int blk = from; blk < to; blk++) {
                int start = blk * BLOCK;
                int len = Math.min(BLOCK, n - start);
                g.get(go + start, gs, 0, len);
                mb.get(mo + start, ms, 0, len);
                vb.get(vo + start, vs, 0, len);
                for (int i = 0; i < len; i++) {
                    float gi = gs[i];
                    float mi = b1 * ms[i] + gi * c1;
                    float vi = b2 * vs[i] + gi * gi * c2;
                    ms[i] = mi;
                    vs[i] = vi;
                    gs[i] = mi * alpha / ((float) Math.sqrt(vi) + eps);
                }
                g.put(go + start, gs, 0, len);
                mb.put(mo + start, ms, 0, len);
                vb.put(vo + start, vs, 0, len);
            }
        });
    }
}
