package org.musicrec.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FastAdam} updates parameters and Adam state as DL4J's {@link Adam} does (L2 included, several steps,
 * a learning-rate schedule, a parameter block large enough for the two-thread path), and stays a FastAdam
 * through DL4J's configuration cloning and JSON.
 */
class FastAdamTest {
    private static ComputationGraph graph(IUpdater updater) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(updater).l2(1e-3).graphBuilder().addInputs("in")
                .addLayer("big", new DenseLayer.Builder().nIn(600).nOut(700).activation(Activation.TANH).build(), "in")
                .addLayer("out", new DenseLayer.Builder().nIn(700).nOut(3).activation(Activation.IDENTITY).build(), "big")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    private static void step(ComputationGraph g, INDArray x, int iteration) {
        Gradient grad = ExternalErrorsBackprop.backprop(g, new INDArray[] {x}, o -> new INDArray[] {o[0].sub(0.3)});
        g.getUpdater().update(grad, iteration, 0, 1, LayerWorkspaceMgr.noWorkspaces());
        g.params().subi(grad.gradient());
    }

    @Test
    void sameParametersAndStateAsDl4jsAdam() {
        MapSchedule lr = new MapSchedule.Builder(ScheduleType.ITERATION).add(0, 3e-3).add(2, 1e-3).build();
        FastAdam fastCfg = new FastAdam(Double.NaN, 0.9, 0.999, 1e-8);
        fastCfg.setLearningRateSchedule(lr);
        ComputationGraph fast = graph(fastCfg.clone());
        Adam plainCfg = new Adam(lr);
        ComputationGraph plain = graph(plainCfg);
        plain.params().assign(fast.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 600).subi(0.5);
        for (int it = 0; it < 4; it++) {
            step(fast, x, it);
            step(plain, x, it);
            double rel = HelperComparisons.relDiff(fast.params(), plain.params());
            assertTrue(rel < 1e-6, "step " + it + ": relative parameter difference " + rel);
        }
        INDArray sf = fast.getUpdater().getStateViewArray();
        INDArray sp = plain.getUpdater().getStateViewArray();
        // 7e-6 after 4 steps: libnd4j's compiled loop may fuse multiply-adds (FMA), Java does not
        assertTrue(HelperComparisons.relDiff(sf, sp) < 3e-5, "Adam state (m, v): " + HelperComparisons.relDiff(sf, sp) + " max " + sf.sub(sp).amaxNumber() + " of " + sp.amaxNumber());
        assertTrue(fast.params().sub(graph(new FastAdam()).params()).amaxNumber().doubleValue() > 1e-4, "the parameters moved");
    }

    @Test
    void staysFastAdamThroughCloningAndJson() {
        ComputationGraph g = graph(new FastAdam(1e-3, 0.9, 0.999, 1e-8));
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        for (String layer : new String[] {"big", "out"}) {
            var vertex = (org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get(layer);
            IUpdater u = ((BaseLayer) vertex.getLayerConf().getLayer()).getIUpdater();
            assertInstanceOf(FastAdam.class, u, layer);
            assertEquals(1e-3, u.getLearningRate(0, 0), 0.0);
        }
        assertInstanceOf(FastAdamUpdater.class, g.getUpdater().getUpdaterBlocks().get(0).getGradientUpdater());
        Map<String, INDArray> table = g.paramTable();
        assertTrue(table.get("big_W").length() > (1 << 18), "a block large enough for the two-thread path");
    }
}
