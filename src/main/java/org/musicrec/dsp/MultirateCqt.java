package org.musicrec.dsp;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Multirate CQT (Schörkhuber &amp; Klapuri 2010, as librosa's {@code constantq.vqt}): the top octave's
 * kernels are applied at the full rate; then the signal is low-passed and halved ({@link HalfBandDecimator})
 * and the next octave's kernels, built at the halved rate and so just as short (~133 taps), are applied
 * with the hop halved too, so every octave keeps the same frames. Octaves stop halving once the hop is
 * odd, as librosa does. About 0.07 GFLOP per 10 s clip at the defaults against 0.9 for {@link DirectCqt}.
 *
 * <p>Per octave: one copy of the signal into a zero-padded buffer, one copy of its frames (an
 * overlapping strided view: ~133 taps x T frames, small at these rates) and one GEMM with the octave's
 * kernel [taps, re(bpo) | im(bpo)], written into that octave's slot of a shared output; the decimator
 * reads the same buffer. One magnitude pass then covers every octave. Few ND4J ops per call matters:
 * on a busy machine each multi-threaded op can wait a scheduler tick for its second thread.
 */
final class MultirateCqt implements Cqt {
    private final CqtParams p;
    private final Octave[] octaves;
    private final HalfBandDecimator decimator;
    /** Zeros before the first sample in every octave's buffer. */
    private final int pad;
    /** Output slots of bpo bins; slot 0 holds the lowest bins. */
    private final int slots;
    private Work work;

    /**
     * Bins [firstBin, firstBin+count) at sampleRate / 2^level, hop hopLength / 2^level, output slot
     * {@code slot}; {@code kernel} is [width, 2*bpo] (bins of a partial octave at the slot's top).
     */
    private record Octave(int firstBin, int count, int level, int hop, int jLo, int width, INDArray kernel,
                          int slot, boolean halveAfter) {
    }

    /** Buffers for one batch shape, kept between calls. */
    private record Work(long batch, int samples, int frames, int[] length, int[] rowLength, INDArray[] signal,
                        INDArray[] framed, INDArray[] decOut, INDArray out, INDArray sq, INDArray sqIm,
                        INDArray full) {
    }

    MultirateCqt(CqtParams p) {
        this.p = p;
        int bpo = p.binsPerOctave();
        this.slots = p.octaves();
        List<Octave> list = new ArrayList<>();
        int level = 0;
        int hop = p.hopLength();
        int maxJLo = 0;
        for (int i = 0; i < slots; i++) {
            int hi = p.nBins() - i * bpo;
            int lo = Math.max(0, hi - bpo);
            int count = hi - lo;
            KernelBank bank = KernelBank.build(p, lo, count, level);
            float[] k = new float[bank.width() * 2 * bpo];
            int col0 = bpo - count;
            for (int u = 0; u < bank.width(); u++) {
                for (int j = 0; j < count; j++) {
                    k[u * 2 * bpo + col0 + j] = bank.taps()[u * 2 * count + j];
                    k[u * 2 * bpo + bpo + col0 + j] = bank.taps()[u * 2 * count + count + j];
                }
            }
            INDArray kernel = Nd4j.create(k, new long[] {bank.width(), 2L * bpo}, DataType.FLOAT);
            boolean halve = i + 1 < slots && hop % 2 == 0;
            list.add(new Octave(lo, count, level, hop, bank.jLo(), bank.width(), kernel, slots - 1 - i, halve));
            maxJLo = Math.max(maxJLo, bank.jLo());
            if (halve) {
                level++;
                hop /= 2;
            }
        }
        this.octaves = list.toArray(new Octave[0]);
        this.pad = Math.max(maxJLo, HalfBandDecimator.HALF_LENGTH);
        this.decimator = new HalfBandDecimator(pad);
    }

    @Override
    public CqtParams params() {
        return p;
    }

    @Override
    public long gemmFlops(int batch, int samples) {
        int frames = p.frames(samples);
        long f = 0;
        int n = samples;
        for (Octave o : octaves) {
            f += 2L * batch * frames * o.width * o.kernel.size(1);
            if (o.halveAfter) {
                f += decimator.gemm().flops(batch, rowLength(o, n, frames) / HalfBandDecimator.STRIDE);
                n = HalfBandDecimator.outputLength(n);
            }
        }
        return f;
    }

    @Override
    public synchronized INDArray transform(INDArray batch) {
        batch = Cqt.checkBatch(batch);
        long b = batch.size(0);
        int n = (int) batch.size(1);
        Work w = work(b, n);
        int frames = w.frames;
        INDArray source = batch;
        for (int i = 0; i < octaves.length; i++) {
            Octave o = octaves[i];
            INDArray sig = w.signal[i];
            // Zero padding as librosa's pad_mode='constant': only the clip's samples are ever written.
            sig.get(NDArrayIndex.all(), NDArrayIndex.interval(pad, pad + w.length[i])).assign(source);
            // Frame t of clip c starts at column (pad - jLo) + t*hop: an overlapping view, copied once.
            INDArray view = Nd4j.create(sig.data(), new long[] {b, frames, o.width},
                    new long[] {w.rowLength[i], o.hop, 1}, (long) (pad - o.jLo), 'c', DataType.FLOAT);
            w.framed[i].assign(view);
            Nd4j.gemm(w.framed[i].reshape('c', b * frames, o.width), o.kernel, w.out.slice(o.slot),
                    false, false, 1.0, 0.0);
            if (o.halveAfter) {
                decimator.gemm().apply(sig, w.decOut[i]);
                source = w.decOut[i].reshape('c', b, w.decOut[i].length() / b)
                        .get(NDArrayIndex.all(), NDArrayIndex.interval(0, w.length[i + 1]));
            } else if (i + 1 < octaves.length) {
                source = sig.get(NDArrayIndex.all(), NDArrayIndex.interval(pad, pad + w.length[i])).dup();
            }
        }
        return magnitude(w, b);
    }

    /** |C| of every slot at once: out [slots, B*T, re(bpo) | im(bpo)] to [B, nBins, T]. */
    private INDArray magnitude(Work w, long b) {
        int bpo = p.binsPerOctave();
        INDArray o5 = w.out.reshape('c', slots, b, w.frames, 2, bpo);
        w.sq.assign(o5.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
        w.sqIm.assign(o5.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()));
        w.sq.muli(w.sq);
        w.sqIm.muli(w.sqIm);
        w.sq.addi(w.sqIm);
        Transforms.sqrt(w.sq, false);
        int padBins = slots * bpo - p.nBins();
        INDArray full = padBins == 0 ? Nd4j.create(DataType.FLOAT, b, p.nBins(), w.frames) : w.full;
        full.reshape('c', b, slots, bpo, w.frames).assign(w.sq.permute(1, 0, 3, 2));
        return padBins == 0 ? full : full.get(NDArrayIndex.all(), NDArrayIndex.interval(padBins, slots * bpo), NDArrayIndex.all()).dup();
    }

    /** Row length of octave o's buffer: room for its frames, the clip, and the decimator's blocks. */
    private int rowLength(Octave o, int n, int frames) {
        int need = Math.max(pad - o.jLo + (frames - 1) * o.hop + o.width, pad + n);
        if (o.halveAfter) {
            need = Math.max(need, decimator.minRowLength(n));
            need = (need + HalfBandDecimator.STRIDE - 1) / HalfBandDecimator.STRIDE * HalfBandDecimator.STRIDE;
        }
        return need;
    }

    private Work work(long b, int n) {
        if (work != null && work.batch == b && work.samples == n) {
            return work;
        }
        work = null;
        int frames = p.frames(n);
        int k = octaves.length;
        int[] length = new int[k];
        int[] rowLength = new int[k];
        INDArray[] signal = new INDArray[k];
        INDArray[] framed = new INDArray[k];
        INDArray[] decOut = new INDArray[k];
        int len = n;
        for (int i = 0; i < k; i++) {
            Octave o = octaves[i];
            length[i] = len;
            rowLength[i] = rowLength(o, len, frames);
            signal[i] = Nd4j.create(DataType.FLOAT, b, rowLength[i]);
            framed[i] = Nd4j.create(DataType.FLOAT, b, frames, o.width);
            if (o.halveAfter) {
                decOut[i] = Nd4j.create(DataType.FLOAT, b * rowLength[i] / HalfBandDecimator.STRIDE, HalfBandDecimator.BLOCK);
                len = HalfBandDecimator.outputLength(len);
            }
        }
        int bpo = p.binsPerOctave();
        INDArray out = Nd4j.create(DataType.FLOAT, slots, b * frames, 2L * bpo);
        INDArray sq = Nd4j.create(DataType.FLOAT, slots, b, frames, bpo);
        INDArray sqIm = Nd4j.create(DataType.FLOAT, slots, b, frames, bpo);
        INDArray full = slots * bpo == p.nBins() ? null : Nd4j.create(DataType.FLOAT, b, (long) slots * bpo, frames);
        work = new Work(b, n, frames, length, rowLength, signal, framed, decOut, out, sq, sqIm, full);
        return work;
    }
}
