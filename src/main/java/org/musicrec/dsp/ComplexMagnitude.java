package org.musicrec.dsp;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** |re + i im| of a GEMM output laid out [B, T, re(n) | im(n)], written transposed as [B, n, T]. */
final class ComplexMagnitude {
    private ComplexMagnitude() {
    }

    /** The [B, frames, cols] view of a {@link FrameGemm} output [B*blocks, cols]. */
    static INDArray frames(INDArray gemmOut, long batch, int blocks, int frames) {
        return gemmOut.reshape('c', batch, blocks, gemmOut.size(1))
                .get(NDArrayIndex.all(), NDArrayIndex.interval(0, frames), NDArrayIndex.all());
    }

    /**
     * @param gemmOut [B, T, 2n]
     * @param sq      work buffer [B, T, n]
     * @param sqIm    work buffer [B, T, n]
     * @param dest    [B, n, T] (may be a view of the result's bin rows)
     */
    static void into(INDArray gemmOut, INDArray sq, INDArray sqIm, INDArray dest) {
        long n = sq.size(2);
        INDArray re = gemmOut.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, n));
        INDArray im = gemmOut.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n));
        sq.assign(re).muli(sq);
        sqIm.assign(im).muli(sqIm);
        sq.addi(sqIm);
        Transforms.sqrt(sq, false);
        dest.assign(sq.permute(0, 2, 1));
    }
}
