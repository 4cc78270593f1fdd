package org.musicrec.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weights and bias of a convolution with the BatchNorm that follows it folded in: for each output
 * channel o, {@code W'[o] = W[o]·scale[o]} and {@code b'[o] = b[o]·scale[o] + shift[o]} (b = 0 for a
 * bias-free convolution), so {@code conv'(x) = BN(conv(x))} in inference mode.
 *
 * @param weights {@code [nOut, nIn, kH, kW]} (DL4J's layout), in the convolution's data type
 * @param bias    {@code [1, nOut]} (DL4J's bias shape), same data type
 */
public record FoldedConv(INDArray weights, INDArray bias) {

    /**
     * @param w    the convolution's weights {@code [nOut, …]}
     * @param b    its bias {@code [1, nOut]}, or null if it has none
     * @param bn   the following BN layer as an affine map over nOut channels
     */
    public static FoldedConv fold(INDArray w, INDArray b, BatchNormAffine bn) {
        long nOut = w.size(0);
        if (bn.channels() != nOut) {
            throw new IllegalArgumentException("BatchNorm has " + bn.channels() + " channels, convolution " + nOut);
        }
        DataType type = w.dataType();
        // computed in double, cast once at the end
        INDArray wd = w.castTo(DataType.DOUBLE).dup('c').reshape('c', nOut, w.length() / nOut)
                .muliColumnVector(bn.scale().reshape(nOut, 1)).reshape('c', w.shape());
        INDArray bd = b == null ? bn.shift().dup() : b.castTo(DataType.DOUBLE).reshape(nOut).mul(bn.scale()).addi(bn.shift());
        return new FoldedConv(wd.castTo(type), bd.reshape(1, nOut).castTo(type));
    }
}
