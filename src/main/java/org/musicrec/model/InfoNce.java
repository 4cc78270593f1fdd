package org.musicrec.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * MoCo's InfoNCE (NT-Xent) loss and its gradient with respect to the <em>unnormalised</em> query
 * projections.
 *
 * <p>Inputs: {@code zq} {@code [N, D]} query projections as the graph outputs them (normalised
 * here), {@code k} {@code [N, D]} keys, <em>already L2-normalised</em> (they come from the key
 * encoder, carry no gradient, and are what the queue stores), {@code queue} {@code [K, D]} normalised
 * negatives. With {@code q = zq/‖zq‖}:
 * <pre>
 *   logits = [q·k, q·queueᵀ] / τ          // logits: N x (1+K), the positive is column 0
 *   loss   = mean_i CE(logits_i, label 0)
 * </pre>
 * The gradient runs back through the normalisation:
 * {@code dL/dzq = (g − q·(q·g)) / ‖zq‖} with {@code g = dL/dq}. Works in the arrays' data type
 * (double for gradient checks).
 */
public final class InfoNce {
    private final double temperature;

    public InfoNce(double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /** L2-normalises each row of {@code z} ({@code [N, D]}) into a new array. */
    public static INDArray normalizeRows(INDArray z) {
        INDArray norm = z.norm2(1).reshape(z.size(0), 1);         // norm: N x 1
        return z.divColumnVector(Transforms.max(norm, 1e-12, true));
    }

    public double score(INDArray zq, INDArray k, INDArray queue) {
        return compute(zq, k, queue).loss();
    }

    public INDArray gradient(INDArray zq, INDArray k, INDArray queue) {
        return compute(zq, k, queue).gradient();
    }

    /** Loss and {@code dL/dzq} ({@code [N, D]}) in one pass. */
    public LossAndGradient compute(INDArray zq, INDArray k, INDArray queue) {
        long n = zq.size(0);
        if (k.size(0) != n || k.size(1) != zq.size(1) || queue.size(1) != zq.size(1)) {
            throw new IllegalArgumentException("shape mismatch: q " + shape(zq) + ", k " + shape(k) + ", queue " + shape(queue));
        }
        INDArray norm = Transforms.max(zq.norm2(1).reshape(n, 1), 1e-12, true);   // norm: N x 1
        INDArray q = zq.divColumnVector(norm);                                    // q: N x D
        INDArray lPos = q.mul(k).sum(true, 1);                                    // l_pos: N x 1
        INDArray lNeg = q.mmul(queue.transpose());                                // l_neg: N x K
        INDArray logits = Nd4j.hstack(lPos, lNeg).divi(temperature);              // logits: N x (1+K)

        // Stable log-softmax: CE(label 0) = logsumexp(logits) − logits[:, 0].
        INDArray max = logits.max(true, 1);                                       // max: N x 1
        INDArray shifted = logits.subColumnVector(max);
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sumExp = exp.sum(true, 1);                                       // sumExp: N x 1
        INDArray lossPerRow = Transforms.log(sumExp, true).subi(shifted.getColumn(0, true));
        double loss = lossPerRow.meanNumber().doubleValue();

        // dL/dlogits = (softmax − onehot(0)) / N
        INDArray dLogits = exp.diviColumnVector(sumExp);                          // dLogits: N x (1+K)
        dLogits.getColumn(0, true).subi(1.0);
        dLogits.divi(n);
        // dL/dq = (dLogits[:, 0] ⊙ k + dLogits[:, 1:] · queue) / τ
        INDArray dPos = dLogits.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1));
        INDArray dNeg = dLogits.get(NDArrayIndex.all(), NDArrayIndex.interval(1, logits.size(1)));
        INDArray dq = k.mulColumnVector(dPos).addi(dNeg.mmul(queue)).divi(temperature);   // dq: N x D
        // Through q = z/‖z‖: dz = (dq − q (q·dq)) / ‖z‖
        INDArray proj = q.mul(dq).sum(true, 1);                                   // proj: N x 1
        INDArray dz = dq.subi(q.mulColumnVector(proj)).diviColumnVector(norm);
        return new LossAndGradient(loss, dz);
    }

    public double temperature() {
        return temperature;
    }

    private static String shape(INDArray a) {
        return java.util.Arrays.toString(a.shape());
    }
}
