package org.musicrec.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Multi-label binary cross-entropy on logits, masked per song.
 *
 * <p>{@code logits} {@code [N, C]}, {@code targets} {@code [N, C]} in {0, 1}, {@code mask}
 * {@code [N]} or {@code [N, 1]}: 1 when the song has at least one genre category, 0 otherwise.
 * The loss is the mean over unmasked songs and all C categories:
 * {@code Σ_i m_i Σ_c bce(x_ic, y_ic) / (C · Σ_i m_i)}, with
 * {@code bce(x, y) = max(x, 0) − x·y + log(1 + e^{−|x|})} (stable form). Masked rows contribute
 * nothing, whatever their logits or targets hold; with every row masked the loss and the gradient
 * are 0.
 */
public final class MaskedBce {

    public double score(INDArray logits, INDArray targets, INDArray mask) {
        return compute(logits, targets, mask).loss();
    }

    public INDArray gradient(INDArray logits, INDArray targets, INDArray mask) {
        return compute(logits, targets, mask).gradient();
    }

    /** Loss and dL/dlogits ({@code [N, C]}). */
    public LossAndGradient compute(INDArray logits, INDArray targets, INDArray mask) {
        long n = logits.size(0);
        long c = logits.size(1);
        if (targets.size(0) != n || targets.size(1) != c || mask.length() != n) {
            throw new IllegalArgumentException("shape mismatch: logits " + java.util.Arrays.toString(logits.shape())
                    + ", targets " + java.util.Arrays.toString(targets.shape()) + ", mask "
                    + java.util.Arrays.toString(mask.shape()));
        }
        INDArray m = mask.reshape(n, 1).castTo(logits.dataType());               // m: N x 1
        double count = m.sumNumber().doubleValue();
        if (count == 0) {
            return new LossAndGradient(0.0, logits.ulike().assign(0));
        }
        // Masked rows are overwritten with 0 *before* any arithmetic so that NaN/inf in them cannot leak in
        // (0·NaN would still be NaN).
        INDArray x = logits.dup();                                                // x: N x C
        INDArray y = targets.castTo(logits.dataType()).dup();
        for (long i = 0; i < n; i++) {
            if (m.getDouble(i, 0) == 0) {
                x.getRow(i).assign(0);
                y.getRow(i).assign(0);
            }
        }
        INDArray perEntry = Transforms.relu(x, true).subi(x.mul(y))
                .addi(Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false));
        double loss = perEntry.mulColumnVector(m).sumNumber().doubleValue() / (count * c);
        INDArray grad = Transforms.sigmoid(x, true).subi(y).muliColumnVector(m).divi(count * c);
        return new LossAndGradient(loss, grad);
    }
}
