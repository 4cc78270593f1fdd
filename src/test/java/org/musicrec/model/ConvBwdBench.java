package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Arrays;
import java.util.Locale;

/** Manual: a 3×3 convolution layer's forward and backward, DL4J built-in (im2col + GEMM) against the oneDNN helper. */
public final class ConvBwdBench {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), c = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]), w = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        EngineThreads.configure();
        for (boolean helpers : new boolean[] {true, false, true}) {
            ComputationGraph g = HelperComparisons.withHelpers(helpers, () -> {
                ComputationGraph cg = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                        .updater(new Sgd(0.1)).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(h, w, c))
                        .addLayer("c", new ConvolutionLayer.Builder(3, 3).nIn(c).nOut(c).padding(1, 1)
                                .convolutionMode(ConvolutionMode.Truncate).hasBias(false).activation(Activation.IDENTITY).build(), "in")
                        .setOutputs("c").build());
                cg.init();
                cg.initGradientsView();
                return cg;
            });
            Layer l = g.getLayer("c");
            INDArray x = Nd4j.rand(DataType.FLOAT, n, c, h, w);
            INDArray eps = Nd4j.rand(DataType.FLOAT, n, c, h, w);
            LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
            double[] tf = new double[rounds], tb = new double[rounds];
            for (int r = -2; r < rounds; r++) {
                long t0 = System.nanoTime();
                l.setInput(x, ws);
                l.activate(true, ws);
                long t1 = System.nanoTime();
                l.backpropGradient(eps, ws);
                long t2 = System.nanoTime();
                if (r >= 0) {
                    tf[r] = (t1 - t0) / 1e6;
                    tb[r] = (t2 - t1) / 1e6;
                }
            }
            Arrays.sort(tf);
            Arrays.sort(tb);
            System.out.printf(Locale.ROOT, "%s [%d,%d,%d,%d] fwd %.2f ms bwd %.2f ms%n", helpers ? "oneDNN  " : "built-in",
                    n, c, h, w, tf[rounds / 2], tb[rounds / 2]);
        }
    }
}
