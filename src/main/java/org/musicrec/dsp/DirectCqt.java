package org.musicrec.dsp;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Direct CQT (Brown 1991; Brown &amp; Puckette 1992 as a matrix product): every bin's kernel at the full
 * sample rate in one complex kernel matrix (nBins complex columns x the longest kernel: 8511 taps at
 * the defaults, librosa's Q), multiplied with the frames by {@link FrameGemm} as 17 accumulated GEMMs.
 * The kernels are librosa's per-octave windows resampled to the full rate ({@link KernelBank}), so
 * this computes the same transform as {@link MultirateCqt} without the decimation; 0.96 GFLOP of
 * GEMM per 10 s clip, about 17x the multirate form's.
 */
final class DirectCqt implements Cqt {
    private final CqtParams p;
    private final KernelBank bank;
    private final FrameGemm gemm;
    private Work work;

    /** Buffers for one batch shape, kept between calls. */
    private record Work(long batch, int samples, int frames, int blocks, INDArray padded, INDArray out,
                        INDArray sq, INDArray[] rows, FrameGemm.Bound gemm, INDArray frameView) {
    }

    DirectCqt(CqtParams p) {
        this.p = p;
        this.bank = KernelBank.build(p, 0, p.nBins(), 0);
        this.gemm = new FrameGemm(bank.taps(), bank.width(), 2 * p.nBins(), p.hopLength());
    }

    @Override
    public CqtParams params() {
        return p;
    }

    @Override
    public long gemmFlops(int batch, int samples) {
        return gemm.flops(batch, gemm.blocksFor(p.frames(samples)));
    }

    @Override
    public synchronized INDArray transform(INDArray batch, INDArray out) {
        batch = Cqt.checkBatch(batch);
        long b = batch.size(0);
        int n = (int) batch.size(1);
        Cqt.checkOut(out, b, p, n);
        Work w = work(b, n);
        // Zero padding as librosa's pad_mode='constant': only the clip's samples are ever written.
        // Row by row: contiguous copies are far faster in ND4J than one strided [B, n] copy.
        for (long r = 0; r < b; r++) {
            w.rows[(int) r].assign(batch.getRow(r).get(NDArrayIndex.interval(0, w.rows[(int) r].length())));
        }
        w.gemm.run();
        ComplexMagnitude.into(w.out, w.frameView, w.sq, out);
        return out;
    }

    private Work work(long b, int n) {
        if (work != null && work.batch == b && work.samples == n) {
            return work;
        }
        int frames = p.frames(n);
        int nb = gemm.blocksFor(frames);
        work = null; // let the old buffers go before allocating new ones
        INDArray padded = Nd4j.create(DataType.FLOAT, b, (long) nb * gemm.hop());
        INDArray out = Nd4j.create(DataType.FLOAT, b * nb, 2L * p.nBins());
        // Zero padding as librosa's pad_mode='constant': only the clip's samples are ever written.
        long copy = Math.min(n, padded.size(1) - bank.jLo());
        INDArray[] rows = new INDArray[(int) b];
        for (int r = 0; r < b; r++) {
            rows[r] = padded.getRow(r).get(NDArrayIndex.interval(bank.jLo(), bank.jLo() + copy));
        }
        work = new Work(b, n, frames, nb, padded, out,
                Nd4j.create(DataType.FLOAT, b, frames, p.nBins()),
                rows, gemm.bind(padded, out), ComplexMagnitude.frames(out, b, nb, frames));
        return work;
    }
}
