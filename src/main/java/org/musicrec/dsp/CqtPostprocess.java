package org.musicrec.dsp;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The encoder's input from a raw CQT magnitude, kept apart from the transform so the raw CQT can be
 * tested against references: {@code log(x + 1e-9)}, then min-max scaled to [0, 1] per sample (the
 * seed's preprocessing).
 */
public final class CqtPostprocess {
    /** Added before the log so silence maps to a finite value (log(1e-9) = -20.7). */
    public static final double LOG_FLOOR = 1e-9;

    private CqtPostprocess() {
    }

    /**
     * @param magnitude [B, ...] non-negative (typically [B, nBins, T]); not modified
     * @return new array of the same shape, each sample scaled to [0, 1]; a constant sample (e.g. silence)
     *         becomes all zeros rather than NaN
     */
    public static INDArray logMinMax(INDArray magnitude) {
        if (magnitude.rank() < 2) {
            throw new IllegalArgumentException("expected [batch, ...], got rank " + magnitude.rank());
        }
        long b = magnitude.size(0);
        INDArray x = Transforms.log(magnitude.add(LOG_FLOOR), false);
        INDArray flat = x.reshape('c', b, x.length() / b);   // view: x is a fresh c-order array
        INDArray min = flat.min(1).reshape(b, 1);
        INDArray range = flat.max(1).reshape(b, 1).subi(min);
        // Constant sample: divide by 1 so (x - min) = 0 stays 0.
        range.addi(range.eq(0).castTo(range.dataType()));
        flat.subiColumnVector(min).diviColumnVector(range);
        return x;
    }
}
