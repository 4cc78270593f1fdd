package org.musicrec.dsp;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Constant-Q transform magnitude of a batch of clips, on ND4J (same code on the CPU and CUDA
 * backends). Kernels are built once per instance; work buffers are kept for the last batch shape, so
 * repeated calls on one shape allocate only their result. Instances are safe to share between threads
 * but calls are serialised.
 */
public interface Cqt {

    CqtParams params();

    /**
     * @param batch [B, N] float32 audio at {@code params().sampleRate()}
     * @return new [B, nBins, T] float32 magnitude, T = 1 + N / hop (frame t centred on sample t*hop,
     *         zeros beyond the clip, as librosa's {@code center=True, pad_mode='constant'})
     */
    default INDArray transform(INDArray batch) {
        INDArray b = checkBatch(batch);
        return transform(b, Nd4j.create(DataType.FLOAT, b.size(0), params().nBins(), params().frames((int) b.size(1))));
    }

    /**
     * As {@link #transform(INDArray)}, into a caller-owned {@code out} [B, nBins, T] float32 (may be a
     * view, e.g. a slab of a larger batch); returns {@code out}.
     */
    INDArray transform(INDArray batch, INDArray out);

    /** Floating-point operations of the GEMMs one {@link #transform} call does (for benchmarks). */
    long gemmFlops(int batch, int samples);

    /** One clip as a Java array: [nBins][T]. Convenience for the CLI and plots. */
    default float[][] magnitude(float[] samples) {
        INDArray x = Nd4j.create(samples, new long[] {1, samples.length}, DataType.FLOAT);
        INDArray m = transform(x);
        return m.reshape(m.size(1), m.size(2)).toFloatMatrix();
    }

    /** The formulation chosen by {@code p.algorithm()}. */
    static Cqt create(CqtParams p) {
        return switch (p.algorithm()) {
            case DIRECT -> new DirectCqt(p);
            case MULTIRATE -> new MultirateCqt(p);
        };
    }

    /** Checks an output argument against the batch. */
    static void checkOut(INDArray out, long batch, CqtParams p, int samples) {
        long[] want = {batch, p.nBins(), p.frames(samples)};
        if (out == null || !java.util.Arrays.equals(out.shape(), want) || out.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("CQT output must be float32 " + java.util.Arrays.toString(want) + ", got "
                    + (out == null ? "null" : out.dataType() + " " + java.util.Arrays.toString(out.shape())));
        }
    }

    /** Checks a batch argument and returns it as float32. */
    static INDArray checkBatch(INDArray batch) {
        if (batch == null || batch.rank() != 2) {
            throw new IllegalArgumentException("CQT input must be [batch, samples], got "
                    + (batch == null ? "null" : java.util.Arrays.toString(batch.shape())));
        }
        if (batch.size(0) < 1 || batch.size(1) < 1) {
            throw new IllegalArgumentException("CQT input is empty: " + java.util.Arrays.toString(batch.shape()));
        }
        if (batch.size(1) > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("CQT input too long: " + batch.size(1) + " samples");
        }
        return batch.dataType() == DataType.FLOAT ? batch : batch.castTo(DataType.FLOAT);
    }
}
