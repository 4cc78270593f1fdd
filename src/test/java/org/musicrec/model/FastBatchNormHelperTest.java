package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.musicrec.model.HelperComparisons.copy;
import static org.musicrec.model.HelperComparisons.relDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FastBatchNormHelper} computes what DL4J's built-in BatchNormalization computes: inference and
 * training outputs, every parameter's gradient (γ, β and the running-statistics updates) on a small
 * bottleneck ResNet with the heads' rank-2 BN, against the built-in layer in float and in double.
 */
class FastBatchNormHelperTest {
    private static final Backbone SMALL = new Backbone("small", true, 8, new int[] {1, 1}, new int[] {4, 8});

    private static ComputationGraph build(boolean fast, DataType t, boolean dnnl) {
        return HelperComparisons.withHelpers(fast, () -> {
            ComputationGraph g = new ComputationGraph(EncoderGraphFactory.configuration(BackboneTest.spec(SMALL).with(SMALL, 1, t)));
            g.init();
            int n = FastBatchNormHelper.install(g);
            assertEquals(fast ? 10 : 0, n, "BN layers on the fast helper: stem, 2 × (3 + shortcut), projection");
            if (dnnl) {   // the rank-4 BN layers then run on DnnlBatchNorm (convolutions and ReLUs on oneDNN too)
                assertEquals(9, DnnlConvHelper.installAll(DnnlConvHelper.InputGradients.COMPUTE, g));
            }
            return g;
        });
    }



    /**
     * The helper runs in float (its row kernels are float; other types take DL4J's path); the reference is
     * DL4J's built-in layer in float, and in double, where the only difference left is float rounding.
     */
    @ParameterizedTest(name = "reference {0}, oneDNN {1}")
    @CsvSource({"DOUBLE, false", "FLOAT, false", "DOUBLE, true", "FLOAT, true"})
    void matchesTheBuiltInLayer(DataType referenceType, boolean onDnnl) {
        DataType t = DataType.FLOAT;
        double tol = 1e-4;   // 7e-6 measured at most; float rounding only
        ComputationGraph fast = build(true, t, onDnnl);
        ComputationGraph ref = build(false, referenceType, false);
        Nd4j.getRandom().setSeed(7);
        ref.params().assign(fast.params().addi(Nd4j.rand(t, fast.params().shape()).muli(0.1)));
        INDArray x = Nd4j.rand(t, 6, 1, 36, 44).muli(3).addi(1);
        INDArray xRef = x.castTo(referenceType);
        for (boolean train : new boolean[] {false, true}) {
            INDArray[] a = fast.output(train, x);
            INDArray[] b = ref.output(train, xRef);
            double dp = relDiff(a[0].castTo(DataType.DOUBLE), b[0].castTo(DataType.DOUBLE));
            double dg = relDiff(a[1].castTo(DataType.DOUBLE), b[1].castTo(DataType.DOUBLE));
            assertTrue(dp < tol, "proj, train=" + train + ": " + dp);
            assertTrue(dg < tol, "genre, train=" + train + ": " + dg);
        }
        INDArray epsProj = Nd4j.rand(t, 6, 128).subi(0.5);
        INDArray epsGenre = Nd4j.rand(t, 6, 7).subi(0.5);
        Map<String, INDArray> gFast = copy(ExternalErrorsBackprop.backprop(fast, new INDArray[] {x},
                o -> new INDArray[] {epsProj, epsGenre}).gradientForVariable());
        Map<String, INDArray> gRef = copy(ExternalErrorsBackprop.backprop(ref, new INDArray[] {xRef},
                o -> new INDArray[] {epsProj.castTo(referenceType), epsGenre.castTo(referenceType)}).gradientForVariable());
        assertEquals(gRef.keySet(), gFast.keySet());
        for (String k : gRef.keySet()) {   // every parameter, BN mean/var updates included
            assertArrayEquals(gRef.get(k).shape(), gFast.get(k).shape(), k);
            double d = relDiff(gFast.get(k).castTo(DataType.DOUBLE), gRef.get(k).castTo(DataType.DOUBLE));
            assertTrue(d < tol, k + ": relative gradient difference " + d);
        }
    }
}
