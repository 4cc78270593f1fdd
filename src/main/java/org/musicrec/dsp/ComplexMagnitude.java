package org.musicrec.dsp;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * |re + i im| of a GEMM output laid out [.., re(n) | im(n)], written transposed as [B, n, T].
 * Squares the GEMM output in place first (one contiguous op) so only two strided reads remain.
 */
final class ComplexMagnitude {
    private ComplexMagnitude() {
    }

    /** The [B, frames, cols] view of a {@link FrameGemm} output [B*blocks, cols]. */
    static INDArray frames(INDArray gemmOut, long batch, int blocks, int frames) {
        return gemmOut.reshape('c', batch, blocks, gemmOut.size(1))
                .get(NDArrayIndex.all(), NDArrayIndex.interval(0, frames), NDArrayIndex.all());
    }

    /**
     * @param gemmOut the whole GEMM output buffer (contiguous); squared in place
     * @param frames  [B, T, 2n] view of {@code gemmOut} holding the frames
     * @param sq      work buffer [B, T, n]
     * @param dest    [B, n, T]
     */
    static void into(INDArray gemmOut, INDArray frames, INDArray sq, INDArray dest) {
        long n = sq.size(2);
        gemmOut.muli(gemmOut);
        sq.assign(frames.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, n)));
        sq.addi(frames.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n)));
        Transforms.sqrt(sq, false);
        dest.assign(sq.permute(0, 2, 1));
    }
}
