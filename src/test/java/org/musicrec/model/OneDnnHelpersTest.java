package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.musicrec.model.HelperComparisons.copy;
import static org.musicrec.model.HelperComparisons.relDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oneDNN helpers compute what DL4J's built-in layers compute (forward, gradient, BN statistics). */
class OneDnnHelpersTest {
    private static final Backbone SMALL = new Backbone("small", true, 8, new int[] {1, 1}, new int[] {4, 8});

    private static ComputationGraph build(boolean helpers) {
        return HelperComparisons.withHelpers(helpers, () -> EncoderGraphFactory.create(BackboneTest.spec(SMALL)));
    }



    @Test
    void helpersMatchTheBuiltInLayers() {
        assertTrue(OneDnnHelpers.available(), "oneDNN should be visible on nd4j-native onednn builds");
        ComputationGraph on = build(true);
        ComputationGraph off = build(false);
        off.params().assign(on.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 36, 44);
        INDArray[] outOn = on.output(x);
        INDArray[] outOff = off.output(x);
        assertTrue(relDiff(outOn[0], outOff[0]) < 1e-4);
        assertTrue(relDiff(outOn[1], outOff[1]) < 1e-4);

        INDArray epsProj = Nd4j.rand(DataType.FLOAT, 6, 128).subi(0.5);
        INDArray epsGenre = Nd4j.rand(DataType.FLOAT, 6, 7).subi(0.5);
        Map<String, INDArray> gOn = copy(ExternalErrorsBackprop.backprop(on, new INDArray[] {x},
                o -> new INDArray[] {epsProj, epsGenre}).gradientForVariable());
        Map<String, INDArray> gOff = copy(ExternalErrorsBackprop.backprop(off, new INDArray[] {x},
                o -> new INDArray[] {epsProj, epsGenre}).gradientForVariable());
        assertEquals(gOff.keySet(), gOn.keySet());
        for (String k : gOff.keySet()) {   // per parameter, so that no small layer hides behind a big one
            assertArrayEquals(gOff.get(k).shape(), gOn.get(k).shape(), k);
            double d = relDiff(gOn.get(k), gOff.get(k));
            assertTrue(d < 2e-3, k + ": relative gradient difference " + d);
        }
    }

    @Test
    void keyEncoderStatisticsFromTheHelpersEqualThoseFromTheActivations() {
        ComputationGraph light = build(true);
        ComputationGraph full = build(true);
        full.params().assign(light.params());
        KeyBatchNormStats lightStats = new KeyBatchNormStats(light);
        KeyBatchNormStats fullStats = new KeyBatchNormStats(full);
        assertTrue(lightStats.fromHelpers(), "every BN layer should run FastBatchNormHelper with helpers on");
        assertTrue(!new KeyBatchNormStats(build(false)).fromHelpers(), "no helpers, no helper statistics");
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 1, 36, 44).muli(3).addi(1);

        INDArray proj = ExternalErrorsBackprop.trainingForward(light, new INDArray[] {x})[0];
        lightStats.updateFromHelpers();
        Map<String, INDArray> acts = full.feedForward(new INDArray[] {x}, true, true);
        fullStats.update(acts);

        assertTrue(relDiff(proj, acts.get(EncoderGraphFactory.PROJ)) < 1e-4);
        var a = BatchNormLayers.of(light);
        var b = BatchNormLayers.of(full);
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(relDiff(a.get(i).mean(), b.get(i).mean()) < 1e-4, a.get(i).name() + " mean");
            assertTrue(relDiff(a.get(i).var(), b.get(i).var()) < 1e-4, a.get(i).name() + " var");
        }
        assertTrue(a.get(0).mean().amaxNumber().doubleValue() > 0, "the statistics moved");
    }
}
