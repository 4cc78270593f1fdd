package org.musicrec.dsp;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Frames times a tap matrix, as one GEMM, without materialising the frames.
 *
 * <p>Computes {@code out[b, t, o] = sum_{u < width} x[b, t*hop + u] * taps[u, o]} for t in [0, frames),
 * for a signal {@code x} that the caller has already zero-padded. When frames overlap (width &gt; hop)
 * the framed matrix would be width/hop times larger than the signal (17x for the direct CQT). Instead the
 * tap matrix is cut into C = ceil(width / hop) chunks of hop rows, laid side by side
 * (hop x C*nOut), and the signal is viewed, without copying, as rows of hop samples (blocks). Then
 * <pre>  prod = blocks . [K_0 | K_1 | ... | K_{C-1}]      (one GEMM)
 *   out[t] = sum_c prod[t + c, chunk c]               (C shifted adds)</pre>
 * The GEMM does the same multiply-adds as framed-audio x kernel (plus the zero rows of the last chunk)
 * and its operands are the signal and kernel themselves.
 *
 * <p>Instances hold only the constant tap matrix; callers own the work buffers (see {@link #blocksFor},
 * {@link #productColumns}) so that repeated calls on one batch shape allocate nothing.
 */
final class FrameGemm {
    private final int hop;
    private final int width;
    private final int chunks;
    private final int nOut;
    /** Rows of the kernel actually multiplied: hop, or width when a single chunk is shorter than hop. */
    private final int rows;
    private final INDArray kernel;

    /** @param taps width x nOut, row-major */
    FrameGemm(float[] taps, int width, int nOut, int hop) {
        if (taps.length != width * nOut) {
            throw new IllegalArgumentException("taps: expected " + width + "x" + nOut);
        }
        this.hop = hop;
        this.width = width;
        this.nOut = nOut;
        this.chunks = (width + hop - 1) / hop;
        this.rows = chunks == 1 ? width : hop;
        float[] k = new float[rows * chunks * nOut];
        for (int c = 0; c < chunks; c++) {
            for (int v = 0; v < rows; v++) {
                int u = c * hop + v;
                if (u < width) {
                    System.arraycopy(taps, u * nOut, k, v * chunks * nOut + c * nOut, nOut);
                }
            }
        }
        this.kernel = Nd4j.create(k, new long[] {rows, (long) chunks * nOut}, DataType.FLOAT);
    }

    int hop() {
        return hop;
    }

    int chunks() {
        return chunks;
    }

    int nOut() {
        return nOut;
    }

    /** Blocks of hop samples that {@code frames} frames reach into. */
    int blocksFor(int frames) {
        return frames + chunks - 1;
    }

    /** Length each padded signal row must have. */
    long paddedLength(int frames) {
        return (long) blocksFor(frames) * hop;
    }

    long productColumns() {
        return (long) chunks * nOut;
    }

    /** Multiply-adds x2 done by {@link #apply} for a batch: the GEMM's FLOPs. */
    long flops(long batch, int frames) {
        return 2L * batch * blocksFor(frames) * rows * chunks * nOut;
    }

    /**
     * @param x     [B, paddedLength(frames)] c-order, contiguous
     * @param prod  work buffer [B * blocksFor(frames), productColumns()] c-order
     * @param out   [B, frames, nOut] (may be a view); overwritten
     */
    void apply(INDArray x, INDArray prod, INDArray out, int frames) {
        long b = x.size(0);
        int nb = blocksFor(frames);
        INDArray blocks = x.reshape('c', b * nb, hop);
        if (rows < hop) {
            blocks = blocks.get(NDArrayIndex.all(), NDArrayIndex.interval(0, rows));
        }
        Nd4j.gemm(blocks, kernel, prod, false, false, 1.0, 0.0);
        INDArray p4 = prod.reshape('c', b, nb, chunks, nOut);
        out.assign(p4.get(NDArrayIndex.all(), NDArrayIndex.interval(0, frames), NDArrayIndex.point(0), NDArrayIndex.all()));
        for (int c = 1; c < chunks; c++) {
            out.addi(p4.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + frames), NDArrayIndex.point(c), NDArrayIndex.all()));
        }
    }
}
