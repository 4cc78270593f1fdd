package org.musicrec.model;

import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An inference-mode BatchNorm layer as the per-channel affine map it is: {@code y = x·scale + shift}
 * with {@code scale = γ/√(var+eps)} and {@code shift = β − mean·scale}, both {@code [C]} in double
 * (folding into a convolution multiplies weights by {@code scale}; doing it in float would add a
 * rounding per weight before the cast that the graph's own BN never makes).
 *
 * @param scale per-channel multiplier, double, {@code [C]}
 * @param shift per-channel offset, double, {@code [C]}
 */
public record BatchNormAffine(INDArray scale, INDArray shift) {

    /** The affine map of {@code bn} with its running statistics, as DL4J's inference forward computes it. */
    public static BatchNormAffine of(BatchNormalization bn) {
        var conf = bn.layerConf();
        long c = conf.getNOut();
        INDArray mean = asDouble(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), c);
        INDArray var = bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR) != null
                ? asDouble(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR), c)
                // useLogStd(true) stores log10(std): var = (10^log10std)^2, as DL4J's forward does
                : Transforms.pow(Nd4j.valueArrayOf(new long[] {c}, 10.0, DataType.DOUBLE),
                        asDouble(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), c).mul(2), false);
        // lockGammaBeta keeps γ and β as constants in the configuration, not as parameters
        INDArray gamma = conf.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, conf.getGamma(), DataType.DOUBLE)
                : asDouble(bn.getParam(BatchNormalizationParamInitializer.GAMMA), c);
        INDArray beta = conf.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, conf.getBeta(), DataType.DOUBLE)
                : asDouble(bn.getParam(BatchNormalizationParamInitializer.BETA), c);
        INDArray scale = gamma.div(Transforms.sqrt(var.add(conf.getEps()), false));
        return new BatchNormAffine(scale, beta.sub(mean.mul(scale)));
    }

    /** Number of channels. */
    public long channels() {
        return scale.length();
    }

    /** A fresh double copy of a {@code [1, C]} parameter view as {@code [C]} (never a view of the graph's params). */
    private static INDArray asDouble(INDArray p, long c) {
        return p.castTo(DataType.DOUBLE).dup().reshape(c);
    }
}
