package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.musicrec.model.DnnlConvHelper.InputGradients.COMPUTE;
import static org.musicrec.model.DnnlConvHelper.InputGradients.SKIP_NETWORK_INPUTS;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DnnlConvHelper} against DL4J's built-in convolution layer (im2col + GEMM, no helpers): the
 * forward output and all gradients (input, weights, bias) agree to float rounding on random inputs, for
 * odd sizes, strides 1 and 2, 1×1, 3×3 and the 7×7 stem, with and without bias, Truncate and Same
 * padding; a ResNet built with it trains to the same gradients as the plain one and survives
 * serialisation.
 */
class DnnlConvHelperTest {
    // float sums of a few hundred products, compared as ‖a − b‖ / ‖b‖
    private static final double TOL = 2e-6;

    private static ComputationGraph single(boolean dnnl, int cIn, int cOut, int h, int w, int kh, int kw, int stride,
                                           int pad, ConvolutionMode mode, boolean bias, Activation act) {
        ComputationGraph g = HelperComparisons.withHelpers(dnnl, () -> {
            ComputationGraph cg = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                    .updater(new Sgd(0.1)).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(h, w, cIn))
                    .addLayer("c", new ConvolutionLayer.Builder(kh, kw).nIn(cIn).nOut(cOut).stride(stride, stride)
                            .padding(pad, pad).convolutionMode(mode).hasBias(bias).activation(act).build(), "in")
                    .setOutputs("c").build());
            cg.init();
            cg.initGradientsView();
            return cg;
        });
        if (dnnl) {
            assertEquals(1, DnnlConvHelper.installAll(COMPUTE, g), "helper installed");
            assertEquals(1, DnnlConvHelper.installAll(COMPUTE, g), "idempotent");
        }
        return g;
    }

    @ParameterizedTest(name = "[{0},{1}→{2},{3}×{4}] k{5}×{6} s{7} p{8} {9} bias={10} {11}")
    @CsvSource({
            "2, 3, 5, 7, 9, 3, 3, 1, 1, Truncate, true, IDENTITY",
            "3, 4, 6, 11, 13, 3, 3, 2, 1, Truncate, false, IDENTITY",
            "2, 8, 16, 5, 6, 1, 1, 2, 0, Truncate, false, IDENTITY",
            "2, 1, 8, 21, 37, 7, 7, 2, 3, Truncate, false, IDENTITY",
            "2, 5, 4, 9, 10, 3, 3, 2, 0, Same, true, RELU",
            "1, 16, 16, 3, 10, 3, 3, 1, 1, Truncate, false, IDENTITY",
            "2, 3, 4, 8, 9, 2, 3, 1, 0, Truncate, true, RELU",
            "4, 32, 17, 6, 5, 1, 1, 1, 0, Truncate, true, IDENTITY",
    })
    void matchesDl4jBuiltInLayer(int n, int cIn, int cOut, int h, int w, int kh, int kw, int stride, int pad,
                                 ConvolutionMode mode, boolean bias, Activation act) {
        ComputationGraph fast = single(true, cIn, cOut, h, w, kh, kw, stride, pad, mode, bias, act);
        ComputationGraph ref = single(false, cIn, cOut, h, w, kh, kw, stride, pad, mode, bias, act);
        ref.params().assign(Nd4j.rand(DataType.FLOAT, ref.params().shape()).subi(0.5));
        fast.params().assign(ref.params());
        Nd4j.getRandom().setSeed(n * 31L + cIn);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, cIn, h, w).subi(0.5);
        for (int round = 0; round < 2; round++) {   // a second round reuses the cached primitives
            Pair<INDArray, Pair<Gradient, INDArray>> a = forwardBackward(fast, x, round);
            Pair<INDArray, Pair<Gradient, INDArray>> b = forwardBackward(ref, x, round);
            assertClose("output", a.getFirst(), b.getFirst());
            assertClose("input gradient", a.getSecond().getSecond(), b.getSecond().getSecond());
            assertClose("weight gradient", a.getSecond().getFirst().getGradientFor("W"), b.getSecond().getFirst().getGradientFor("W"));
            if (bias) {
                assertClose("bias gradient", a.getSecond().getFirst().getGradientFor("b"), b.getSecond().getFirst().getGradientFor("b"));
            }
        }
    }

    private static Pair<INDArray, Pair<Gradient, INDArray>> forwardBackward(ComputationGraph g, INDArray x, int seed) {
        Layer l = g.getLayer("c");
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        l.setInput(x, ws);
        INDArray out = l.activate(true, ws).dup();
        Nd4j.getRandom().setSeed(seed + 7);
        INDArray eps = Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5);
        Pair<Gradient, INDArray> p = l.backpropGradient(eps, ws);
        Gradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
        p.getFirst().gradientForVariable().forEach((k, v) -> copy.gradientForVariable().put(k, v.dup()));
        return new Pair<>(out, new Pair<>(copy, p.getSecond().dup()));
    }

    private static void assertClose(String what, INDArray a, INDArray b) {
        assertEquals(java.util.Arrays.toString(b.shape()), java.util.Arrays.toString(a.shape()), what + " shape");
        double rel = HelperComparisons.relDiff(a, b);
        assertTrue(rel < TOL, what + ": relative difference " + rel);
    }

    @Test
    void skipsOnlyTheNetworkInputsGradient() {
        ComputationGraph g = HelperComparisons.withHelpers(true, () -> {
            ComputationGraph cg = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                    .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(12, 14, 1))
                    .addLayer("c", new ConvolutionLayer.Builder(7, 7).nIn(1).nOut(4).stride(2, 2).padding(3, 3)
                            .convolutionMode(ConvolutionMode.Truncate).hasBias(false).activation(Activation.IDENTITY).build(), "in")
                    .addLayer("d", new ConvolutionLayer.Builder(3, 3).nIn(4).nOut(4).padding(1, 1)
                            .convolutionMode(ConvolutionMode.Truncate).hasBias(false).activation(Activation.IDENTITY).build(), "c")
                    .setOutputs("d").build());
            cg.init();
            cg.initGradientsView();
            return cg;
        });
        ComputationGraph ref = single(false, 1, 4, 12, 14, 7, 7, 2, 3, ConvolutionMode.Truncate, false, Activation.IDENTITY);
        ref.params().assign(g.getLayer("c").params());
        assertEquals(2, DnnlConvHelper.installAll(SKIP_NETWORK_INPUTS, g));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 12, 14);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        Layer c = g.getLayer("c");
        c.setInput(x, ws);
        INDArray out = c.activate(true, ws);
        INDArray eps = Nd4j.rand(DataType.FLOAT, out.shape());
        Pair<Gradient, INDArray> p = c.backpropGradient(eps, ws);
        assertNull(p.getSecond(), "no gradient for the network input");
        Pair<INDArray, Pair<Gradient, INDArray>> r = forwardBackwardWith(ref, x, eps);
        assertClose("stem weight gradient", p.getFirst().getGradientFor("W"), r.getSecond().getFirst().getGradientFor("W"));
        Layer d = g.getLayer("d");
        d.setInput(out, ws);
        INDArray outD = d.activate(true, ws);
        assertNotNull(d.backpropGradient(outD, ws).getSecond(), "an inner layer keeps its input gradient");
    }

    private static Pair<INDArray, Pair<Gradient, INDArray>> forwardBackwardWith(ComputationGraph g, INDArray x, INDArray eps) {
        Layer l = g.getLayer("c");
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        l.setInput(x, ws);
        INDArray out = l.activate(true, ws).dup();
        Pair<Gradient, INDArray> p = l.backpropGradient(eps, ws);
        return new Pair<>(out, p);
    }

    @Test
    void batchSizesChangeBetweenCalls() {
        ComputationGraph fast = single(true, 4, 8, 9, 11, 3, 3, 2, 1, ConvolutionMode.Truncate, true, Activation.IDENTITY);
        ComputationGraph ref = single(false, 4, 8, 9, 11, 3, 3, 2, 1, ConvolutionMode.Truncate, true, Activation.IDENTITY);
        fast.params().assign(ref.params());
        for (int n : new int[] {2, 5, 1, 2, 3, 4, 6, 2}) {   // more geometries than a layer keeps plans for
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 4, 9, 11);
            assertClose("output at batch " + n, fast.outputSingle(x), ref.outputSingle(x));
        }
    }

    @Test
    void leavesWhatItDoesNotHandleToLibnd4j() {
        ComputationGraph fast = HelperComparisons.withHelpers(true, () -> {
            ComputationGraph cg = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                    .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(9, 9, 3))
                    .addLayer("c", new ConvolutionLayer.Builder(3, 3).nIn(3).nOut(4).dilation(2, 2)
                            .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), "in")
                    .setOutputs("c").build());
            cg.init();
            return cg;
        });
        ComputationGraph ref = HelperComparisons.withHelpers(false, () -> {
            ComputationGraph cg = new ComputationGraph(fast.getConfiguration().clone());
            cg.init();
            return cg;
        });
        ref.params().assign(fast.params());
        assertEquals(1, DnnlConvHelper.installAll(COMPUTE, fast));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9);
        assertClose("dilated output", fast.outputSingle(x), ref.outputSingle(x));
    }

    private static final Backbone SMALL = new Backbone("small", true, 8, new int[] {1, 1}, new int[] {4, 8});

    private static ComputationGraph resnet(boolean dnnl) {
        return HelperComparisons.withHelpers(true, () -> {
            ComputationGraph g = new ComputationGraph(EncoderGraphFactory.configuration(BackboneTest.spec(SMALL)));
            g.init();
            FastBatchNormHelper.install(g);
            if (dnnl) {
                assertEquals(9, DnnlConvHelper.installAll(SKIP_NETWORK_INPUTS, g), "stem + 2 × (3 + shortcut) convolutions");
            } else {
                System.setProperty(DnnlConvHelper.PROPERTY, "false");
                try {
                    assertEquals(0, DnnlConvHelper.installAll(SKIP_NETWORK_INPUTS, g), "switched off: libnd4j's op stays");
                } finally {
                    System.clearProperty(DnnlConvHelper.PROPERTY);
                }
            }
            return g;
        });
    }

    @Test
    void resnetTrainsAsWithLibnd4jAndSurvivesSerialisation(@TempDir Path tmp) throws Exception {
        ComputationGraph fast = resnet(true);
        ComputationGraph plain = resnet(false);
        plain.params().assign(fast.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 36, 44);
        INDArray epsProj = Nd4j.rand(DataType.FLOAT, 4, 128).subi(0.5);
        INDArray epsGenre = Nd4j.rand(DataType.FLOAT, 4, 7).subi(0.5);
        for (int step = 0; step < 2; step++) {
            INDArray gFast = ExternalErrorsBackprop.backprop(fast, new INDArray[] {x},
                    o -> new INDArray[] {epsProj, epsGenre}).gradient().dup();
            INDArray gPlain = ExternalErrorsBackprop.backprop(plain, new INDArray[] {x},
                    o -> new INDArray[] {epsProj, epsGenre}).gradient().dup();
            double rel = HelperComparisons.relDiff(gFast, gPlain);
            // step 1 carries step 0's rounding through the update and the BN statistics
            assertTrue(rel < (step == 0 ? 1e-5 : 1e-3), "step " + step + ": relative gradient difference " + rel);
            fast.params().subi(gFast.mul(0.05));
            plain.params().subi(gPlain.mul(0.05));
        }
        INDArray outFast = fast.output(x)[0];
        // two updates from gradients that differ by float rounding (BN on oneDNN on one side): not TOL
        double rel = HelperComparisons.relDiff(outFast, plain.output(x)[0]);
        assertTrue(rel < 1e-4, "inference output after two steps: relative difference " + rel);

        File f = tmp.resolve("g.zip").toFile();
        ModelSerializer.writeModel(fast, f, true);
        ComputationGraph restored = HelperComparisons.withHelpers(true, () -> {
            try {
                return ModelSerializer.restoreComputationGraph(f, true);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(9, DnnlConvHelper.installAll(SKIP_NETWORK_INPUTS, restored));
        assertClose("restored output", restored.output(x)[0], outFast);
    }
}
