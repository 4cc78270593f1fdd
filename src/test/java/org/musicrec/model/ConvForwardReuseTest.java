package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ConvForwardReuse} changes no result beyond float rounding: gradients of a small ResNet over two training steps (weights
 * updated in between, same input array both times, an inference pass in between) equal those of the
 * same graph without it.
 */
class ConvForwardReuseTest {
    private static final Backbone SMALL = new Backbone("small", true, 8, new int[] {1, 1}, new int[] {4, 8});

    private static ComputationGraph build(boolean reuse) {
        return HelperComparisons.withHelpers(true, () -> {
            ComputationGraph g = new ComputationGraph(EncoderGraphFactory.configuration(BackboneTest.spec(SMALL)));
            g.init();
            FastBatchNormHelper.install(g);
            if (reuse) {
                assertEquals(9, ConvForwardReuse.install(g), "stem + 2 × (3 + shortcut) convolutions");
                assertEquals(9, ConvForwardReuse.install(g), "idempotent");
            }
            return g;
        });
    }

    @Test
    void gradientsUnchangedOverSteps() {
        ComputationGraph on = build(true);
        ComputationGraph off = build(false);
        off.params().assign(on.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 36, 44);
        INDArray epsProj = Nd4j.rand(DataType.FLOAT, 4, 128).subi(0.5);
        INDArray epsGenre = Nd4j.rand(DataType.FLOAT, 4, 7).subi(0.5);
        for (int step = 0; step < 2; step++) {
            INDArray gOn = ExternalErrorsBackprop.backprop(on, new INDArray[] {x},
                    o -> new INDArray[] {epsProj, epsGenre}).gradient().dup();
            INDArray gOff = ExternalErrorsBackprop.backprop(off, new INDArray[] {x},
                    o -> new INDArray[] {epsProj, epsGenre}).gradient().dup();
            double d = gOn.sub(gOff).amaxNumber().doubleValue();
            double rel = gOn.sub(gOff).norm2Number().doubleValue() / gOff.norm2Number().doubleValue();
            // float rounding only (skipping an allocation moves later arrays, and libnd4j's loops peel by alignment);
            // step 1 also carries step 0's rounding through the update
            assertTrue(rel < (step == 0 ? 1e-5 : 1e-3), "step " + step + ": relative gradient difference " + rel + ", max " + d);
            on.params().subi(gOn.mul(0.05));
            off.params().subi(gOff.mul(0.05));
            on.output(x.mul(2));   // inference in between must not leave anything stale
            off.output(x.mul(2));
        }
    }
}
