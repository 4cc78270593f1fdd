package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyEncoderEmaTest {
    private static final Backbone TINY = new Backbone("tiny", true, 4, new int[] {1, 1}, new int[] {2, 4});

    @Test
    void movesTrainableParametersByExactlyOneMinusMTimesTheDifferenceAndLeavesBnStatisticsAlone() {
        EncoderSpec spec = BackboneTest.spec(TINY);
        ComputationGraph query = EncoderGraphFactory.create(spec);
        ComputationGraph key = EncoderGraphFactory.create(spec);
        // Make every entry of both vectors distinct, BN statistics included.
        query.params().assign(Nd4j.rand(DataType.FLOAT, 1, query.numParams()));
        key.params().assign(Nd4j.rand(DataType.FLOAT, 1, key.numParams()).addi(5));
        double m = 0.9;
        KeyEncoderEma ema = new KeyEncoderEma(query, key, m);

        float[] q = query.params().toFloatVector();
        float[] k0 = key.params().toFloatVector();
        float[] mask = ema.mask().toFloatVector();
        ema.update();
        float[] k1 = key.params().toFloatVector();

        List<BatchNormLayers.Bn> bns = BatchNormLayers.of(key);
        long statEntries = bns.stream().mapToLong(b -> b.mean().length() + b.var().length()).sum();
        long zeros = 0;
        for (int i = 0; i < k1.length; i++) {
            if (mask[i] == 0) {
                zeros++;
                assertEquals(k0[i], k1[i], 0.0f, "BN statistic moved at " + i);
            } else {
                float expected = k0[i] + (float) (1 - m) * (q[i] - k0[i]);
                assertEquals(expected, k1[i], 1e-6f, "at " + i);
            }
        }
        assertEquals(statEntries, zeros);
        assertTrue(statEntries > 0);
        // And the key's BN views are the ones excluded: they still hold their old values.
        for (BatchNormLayers.Bn bn : bns) {
            assertTrue(bn.mean().gte(5).all() && bn.var().gte(5).all(), bn.name());
        }
    }

    @Test
    void copyAllMakesTheKeyEncoderEqualToTheQueryEncoder() {
        EncoderSpec spec = BackboneTest.spec(TINY).with(TINY, 1, DataType.FLOAT);
        ComputationGraph query = EncoderGraphFactory.create(spec);
        ComputationGraph key = EncoderGraphFactory.create(spec);
        key.params().addi(1);
        KeyEncoderEma ema = new KeyEncoderEma(query, key, 0.999);
        ema.copyAll();
        assertEquals(query.params(), key.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 16, 16);
        assertEquals(query.output(x)[0], key.output(x)[0]);
    }
}
