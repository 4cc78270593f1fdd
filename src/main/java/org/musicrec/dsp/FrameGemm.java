package org.musicrec.dsp;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Frames times a tap matrix as GEMMs, without materialising the frames.
 *
 * <p>Computes {@code out[b, t, o] = sum_{u < width} x[b, t*hop + u] * taps[u, o]} for t in [0, frames),
 * for a signal {@code x} that the caller has already zero-padded. When frames overlap (width &gt; hop)
 * the framed matrix would be width/hop times larger than the signal (17x for the direct CQT), and
 * building it is a strided copy, which is slow on ND4J. Instead the taps are cut into C = ceil(width/hop)
 * chunks K_c of hop rows, and the padded batch is viewed, without copying, as one matrix X of blocks of
 * hop samples, clip after clip ({@code [B*blocks, hop]}). Then
 * <pre>  out = sum_c X[c : c + M] . K_c        (C GEMMs, accumulated with beta = 1)</pre>
 * where row r = b*blocks + t of {@code out} is frame t of clip b; rows with t &gt;= frames mix two
 * clips and are ignored. Every operand is a contiguous row range, so the GEMMs run straight on BLAS
 * with no copies, and the multiply-adds are those of framed audio x kernel (plus zero rows in the last
 * chunk and C - 1 spare rows per clip).
 *
 * <p>Instances hold only the constant chunks; callers own the buffers and bind them once
 * ({@link #bind}), so repeated calls allocate nothing.
 */
final class FrameGemm {
    private final int hop;
    private final int width;
    private final int chunks;
    private final int nOut;
    private final INDArray[] kernel;

    /** @param taps width x nOut, row-major */
    FrameGemm(float[] taps, int width, int nOut, int hop) {
        if (taps.length != width * nOut) {
            throw new IllegalArgumentException("taps: expected " + width + "x" + nOut);
        }
        this.hop = hop;
        this.width = width;
        this.nOut = nOut;
        this.chunks = (width + hop - 1) / hop;
        this.kernel = new INDArray[chunks];
        for (int c = 0; c < chunks; c++) {
            float[] k = new float[hop * nOut];
            int rows = Math.min(hop, width - c * hop);
            System.arraycopy(taps, c * hop * nOut, k, 0, rows * nOut);
            kernel[c] = Nd4j.create(k, new long[] {hop, nOut}, DataType.FLOAT);
        }
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

    /** Blocks of hop samples per clip that {@code frames} frames reach into. */
    int blocksFor(int frames) {
        return frames + chunks - 1;
    }

    /** FLOPs of the GEMMs of {@link #apply} (2 per multiply-add). */
    long flops(long batch, int blocks) {
        long m = batch * blocks - (chunks - 1);
        return 2L * m * hop * nOut * chunks;
    }

    /**
     * Binds a padded signal and an output buffer: the operand views are made here once, so that
     * {@link Bound#run} creates nothing.
     *
     * @param x   [B, blocks*hop] c-order contiguous, zero-padded signal; blocks &gt;= blocksFor(frames)
     * @param out [B*blocks, nOut] c-order contiguous; row b*blocks + t receives frame t of clip b. The
     *            last chunks - 1 rows are never written.
     */
    Bound bind(INDArray x, INDArray out) {
        long rowsX = x.length() / hop;
        if (out.rank() != 2 || out.size(0) != rowsX || out.size(1) != nOut) {
            throw new IllegalArgumentException("output must be [" + rowsX + ", " + nOut + "]");
        }
        long m = rowsX - (chunks - 1);
        INDArray blocks = x.reshape('c', rowsX, hop);
        INDArray dest = chunks == 1 ? out : out.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
        INDArray[] a = new INDArray[chunks];
        for (int c = 0; c < chunks; c++) {
            a[c] = blocks.get(NDArrayIndex.interval(c, c + m), NDArrayIndex.all());
        }
        return new Bound(a, dest);
    }

    /** One signal/output pair bound to this kernel. */
    final class Bound {
        private final INDArray[] a;
        private final INDArray dest;

        private Bound(INDArray[] a, INDArray dest) {
            this.a = a;
            this.dest = dest;
        }

        /** out[rows of frames] = sum_c X[c : c + M] . K_c, with beta = 1 after the first chunk. */
        void run() {
            for (int c = 0; c < chunks; c++) {
                Nd4j.gemm(a[c], kernel[c], dest, false, false, 1.0, c == 0 ? 0.0 : 1.0);
            }
        }
    }
}
