package org.musicrec.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link InPlaceRelu} gives DL4J's {@link ActivationLayer} results: the encoder built with it and the same
 * encoder with every ReLU swapped back to DL4J's layer have equal outputs and gradients over two training
 * steps, with DL4J's built-in layers and with the oneDNN helpers; and it survives a save and restore.
 */
class InPlaceReluTest {
    private static final Backbone SMALL = new Backbone("small", true, 8, new int[] {1, 1}, new int[] {4, 8});

    private static ComputationGraphConfiguration withDl4jRelu(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration c = HelperComparisons.withDl4jRelu(conf);
        long left = c.getVertices().values().stream()
                .filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof InPlaceRelu).count();
        long plain = c.getVertices().values().stream()
                .filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer().getClass() == ActivationLayer.class).count();
        assertEquals(0, left);
        assertTrue(plain >= 5, "the encoder's ReLUs were InPlaceRelu: " + plain);
        return c;
    }

    private static ComputationGraph graph(ComputationGraphConfiguration conf, boolean helpers) {
        return HelperComparisons.withHelpers(helpers, () -> {
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            FastBatchNormHelper.install(g);
            ConvForwardReuse.install(g);
            return g;
        });
    }

    @Test
    void sameOutputsAndGradientsAsDl4jsReluLayer() {
        for (boolean helpers : new boolean[] {false, true}) {
            ComputationGraphConfiguration conf = EncoderGraphFactory.configuration(BackboneTest.spec(SMALL));
            ComputationGraph inPlace = graph(conf, helpers);
            ComputationGraph plain = graph(withDl4jRelu(conf), helpers);
            plain.params().assign(inPlace.params());
            INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 36, 45);
            INDArray epsProj = Nd4j.rand(DataType.FLOAT, 3, 128).subi(0.5);
            INDArray epsGenre = Nd4j.rand(DataType.FLOAT, 3, 7).subi(0.5);
            for (int step = 0; step < 2; step++) {
                INDArray ga = ExternalErrorsBackprop.backprop(inPlace, new INDArray[] {x}, o -> new INDArray[] {epsProj, epsGenre}).gradient().dup();
                INDArray gb = ExternalErrorsBackprop.backprop(plain, new INDArray[] {x}, o -> new INDArray[] {epsProj, epsGenre}).gradient().dup();
                // the same libnd4j ops on the same values: equal up to allocation-dependent loop peeling
                double rel = HelperComparisons.relDiff(ga, gb);
                assertTrue(rel < 1e-6, "helpers=" + helpers + " step " + step + ": relative gradient difference " + rel);
                inPlace.params().subi(ga.mul(0.05));
                plain.params().subi(gb.mul(0.05));
            }
            INDArray[] oa = inPlace.output(x);
            INDArray[] ob = plain.output(x);
            for (int i = 0; i < oa.length; i++) {
                assertTrue(HelperComparisons.relDiff(oa[i], ob[i]) < 1e-6, "helpers=" + helpers + " output " + i);
            }
            assertTrue(HelperComparisons.relDiff(EncoderGraphFactory.embed(inPlace, x), EncoderGraphFactory.embed(plain, x)) < 1e-6);
        }
    }

    @Test
    void survivesSaveAndRestore(@TempDir Path dir) throws Exception {
        ComputationGraph g = graph(EncoderGraphFactory.configuration(BackboneTest.spec(SMALL)), true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 36, 40);
        File f = dir.resolve("enc.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
        assertTrue(back.getConfiguration().toJson().contains(InPlaceRelu.class.getName()));
        assertEquals(g.getConfiguration(), back.getConfiguration());
        assertEquals(g.output(x)[0], back.output(x)[0]);
        assertEquals(EncoderGraphFactory.embed(g, x), EncoderGraphFactory.embed(back, x));
    }
}
