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
    INDArray transform(INDArray batch);

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
