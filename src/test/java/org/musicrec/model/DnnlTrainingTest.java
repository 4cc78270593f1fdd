package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DnnlTraining} computes the gradient DL4J's layers compute ({@link ExternalErrorsBackprop}) for the
 * encoder graph: every parameter's gradient (weights, BN γ/β, dense biases) and the BN running statistics'
 * pseudo-gradients, and the same outputs, for basic and bottleneck ResNets with stride-2 blocks and
 * projection shortcuts, odd input sizes, several batch sizes one after the other (plans per shape), inputs
 * that are views into a larger batch, and parameters that change between passes.
 */
class DnnlTrainingTest {
    private static final EncoderConfig CONFIG = new ConfigLoader().defaults().encoder();
    private static final Backbone TINY_BASIC = new Backbone("tiny", false, 8, new int[] {1, 2}, new int[] {8, 16});
    private static final Backbone TINY_BOTTLENECK = new Backbone("tiny", true, 8, new int[] {1, 2}, new int[] {4, 8});
    /**
     * Relative to the largest |gradient| of the graph: both sides run the same float kernels in different
     * summation orders and layouts (BN's statistics over N·H·W, the adds' sums). Observed ≤ 2e-5.
     */
    private static final double TOLERANCE = 2e-4;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(TINY_BASIC, 37), Arguments.of(TINY_BOTTLENECK, 41), Arguments.of(Backbone.NARROW, 30));
    }

    @ParameterizedTest(name = "{0} width {1}")
    @MethodSource("cases")
    void gradientsEqualDl4jsLayers(Backbone b, int width) {
        ComputationGraph g = EncoderGraphFactory.create(EncoderSpec.fromConfig(CONFIG, 11).with(b, 1, DataType.FLOAT));
        DnnlTraining training = DnnlTraining.of(g);
        assertNotNull(training, "the encoder graph is all vertices the training pass handles");
        for (int n : new int[] {4, 3, 5, 4}) {   // more shapes than it keeps plans for
            Nd4j.getRandom().setSeed(n * 31L + width);
            // a slice of a larger batch (an offset view, as MocoModel's micro-batches are)
            INDArray x = Nd4j.rand(DataType.FLOAT, n + 2, 1, EncoderSpec.CQT_BINS, width)
                    .get(NDArrayIndex.interval(1, n + 1));
            // parameters change between passes (the optimiser's steps): the pass must read them anew
            g.params().addi(Nd4j.randn(DataType.FLOAT, g.params().shape()).muli(0.01)
                    .muli(BatchNormLayers.trainableMask(g)));
            INDArray[] targets = {Nd4j.randn(DataType.FLOAT, n, 128), Nd4j.randn(DataType.FLOAT, n, 7)};
            INDArray[] dl4jOutputs = new INDArray[2];
            INDArray expected = ExternalErrorsBackprop.backprop(g, new INDArray[] {x}, errors(targets, dl4jOutputs))
                    .gradient().dup();
            INDArray[] outputs = new INDArray[2];
            INDArray actual = training.backprop(x, errors(targets, outputs)).gradient().dup();
            for (int i = 0; i < 2; i++) {
                assertTrue(dl4jOutputs[i].equalsWithEps(outputs[i], 1e-4), "output " + i + " at batch " + n);
            }
            double scale = expected.amax().getDouble(0);
            double diff = expected.sub(actual).amax().getDouble(0);
            assertTrue(diff <= TOLERANCE * scale, "batch " + n + ": max |Δgradient| " + diff + " of max " + scale
                    + "; worst parameters: " + worst(g, expected, actual));
            assertEquals(expected.length(), actual.length());
            // the running statistics' pseudo-gradients are part of the view; check one BN's alone too
            BatchNormLayers.Bn bn = BatchNormLayers.of(g).get(0);
            INDArray view = training.gradientView(bn.name(), "var");
            assertTrue(view.amax().getDouble(0) > 0, "BN statistics' pseudo-gradient written");
        }
    }

    /**
     * The kinds the encoder does not use: a convolution with a bias, a ReLU on its own (after a convolution),
     * max pooling, an add without a ReLU after it, a single output. Then the same graph with dropout on the
     * dense layer (training-only, not done by the pass) and as doubles: left to DL4J.
     */
    @Test
    void otherVertexKindsEqualDl4jsLayersAndUnsupportedGraphsAreLeftToDl4j() {
        ComputationGraph g = smallGraph(DataType.FLOAT, 0);
        DnnlTraining training = DnnlTraining.of(g);
        assertNotNull(training);
        for (int n : new int[] {3, 2}) {
            Nd4j.getRandom().setSeed(n);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 9, 11);
            INDArray[] targets = {Nd4j.randn(DataType.FLOAT, n, 3)};
            INDArray[] dl4jOutputs = new INDArray[1];
            INDArray expected = ExternalErrorsBackprop.backprop(g, new INDArray[] {x}, errors(targets, dl4jOutputs))
                    .gradient().dup();
            INDArray[] outputs = new INDArray[1];
            INDArray actual = training.backprop(x, errors(targets, outputs)).gradient().dup();
            assertTrue(dl4jOutputs[0].equalsWithEps(outputs[0], 1e-4));
            double scale = expected.amax().getDouble(0);
            assertTrue(expected.sub(actual).amax().getDouble(0) <= TOLERANCE * scale, worst(g, expected, actual));
        }
        assertNull(DnnlTraining.of(smallGraph(DataType.FLOAT, 0.5)), "dropout");
        assertNull(DnnlTraining.of(smallGraph(DataType.DOUBLE, 0)), "double precision");
    }

    private static ComputationGraph smallGraph(DataType type, double dropout) {
        var dense = new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY);
        if (dropout > 0) {
            dense.dropOut(dropout);
        }
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(9, 11, 1))
                .addLayer("conv0", new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "in")   // with a bias
                .addLayer("relu0", new InPlaceRelu(), "conv0")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build(), "relu0")
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .hasBias(false).activation(Activation.IDENTITY).build(), "pool")
                .addLayer("bn1", ResNetBuilder.batchNorm(6), "conv1")
                .addLayer("relu1", new InPlaceRelu(), "bn1")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "relu1", "pool")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .addLayer("out", dense.build(), "gap")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /** Parameters ("vertex_key: max |Δ| of max |expected|") with the largest differences, for the failure message. */
    private static String worst(ComputationGraph g, INDArray expected, INDArray actual) {
        INDArray e = expected.reshape(expected.length());
        INDArray a = actual.reshape(actual.length());
        long base = g.params().offset();
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.List<Double> diffs = new java.util.ArrayList<>();
        for (var entry : g.paramTable().entrySet()) {
            long from = entry.getValue().offset() - base;
            var range = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + entry.getValue().length());
            double d = e.get(range).sub(a.get(range)).amax().getDouble(0);
            out.add(entry.getKey() + ": " + (float) d + " of " + (float) e.get(range).amax().getDouble(0));
            diffs.add(d);
        }
        return java.util.stream.IntStream.range(0, out.size()).boxed().sorted((i, j) -> Double.compare(diffs.get(j), diffs.get(i)))
                .limit(8).map(out::get).toList().toString();
    }

    /** dLoss/dOutput of ½‖output − target‖², so every gradient depends on the outputs; records the outputs. */
    private static Function<INDArray[], INDArray[]> errors(INDArray[] targets, INDArray[] record) {
        return outs -> {
            INDArray[] eps = new INDArray[outs.length];
            for (int i = 0; i < outs.length; i++) {
                record[i] = outs[i].dup();
                eps[i] = outs[i].sub(targets[i].castTo(outs[i].dataType()));
            }
            return eps;
        };
    }
}
