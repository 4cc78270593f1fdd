package org.musicrec.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DnnlForward} computes what DL4J's layers compute for the same folded graph: embeddings equal
 * to float rounding for basic and bottleneck ResNets, odd widths, several batch sizes one after the other
 * (plans per shape, buffers reused by liveness), and graphs with layers it does not handle are left to DL4J.
 */
class DnnlForwardTest {
    private static final Backbone TINY_BOTTLENECK = new Backbone("tiny", true, 8, new int[] {1, 2}, new int[] {4, 8});
    // oneDNN on both sides (DL4J's convolutions run on DnnlConvHelper); only the summation order of the
    // fused adds and the layouts differ. Observed ≤ 1e-6.
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> backbones() {
        return Stream.of(Arguments.of(Backbone.NARROW, 37), Arguments.of(TINY_BOTTLENECK, 50),
                Arguments.of(TINY_BOTTLENECK, 41), Arguments.of(Backbone.RESNET18, 45));
    }

    private static INDArray dl4j(FoldedBackbone f, INDArray x) {
        return f.graph().output(List.of(ResNetBuilder.EMBEDDING), false, new INDArray[] {x}, null)[0];
    }

    @ParameterizedTest(name = "{0} width {1}")
    @MethodSource("backbones")
    void equalsDl4jsLayersOnTheFoldedGraph(Backbone b, int width) {
        FoldedBackbone folded = FoldedBackbone.of(FoldedBackboneTest.trained(b, 3));
        DnnlForward chain = DnnlForward.of(folded.graph(), ResNetBuilder.EMBEDDING);
        assertNotNull(chain, "a folded ResNet is all layers the chain handles");
        for (int n : new int[] {3, 1, 4, 3, 2, 5}) {   // more shapes than it keeps plans for
            Nd4j.getRandom().setSeed(n + width);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, EncoderSpec.CQT_BINS, width);
            INDArray expected = dl4j(folded, x);
            INDArray got = chain.output(x);
            assertArrayEquals(expected.shape(), got.shape());
            double d = FoldedBackboneTest.relMaxAbs(got, expected);
            assertTrue(d <= TOLERANCE, b.name() + " batch " + n + ": relative max-abs difference " + d);
            assertTrue(expected.amaxNumber().doubleValue() > 1e-3, "embedding should not be all zeros");
        }
    }

    @Test
    void residualAddsAndReluRunInsideTheConvolutions() {
        FoldedBackbone folded = FoldedBackbone.of(FoldedBackboneTest.trained(TINY_BOTTLENECK, 3));
        DnnlForward chain = DnnlForward.of(folded.graph(), ResNetBuilder.EMBEDDING);
        List<String> kinds = chain.stepKinds(new long[] {2, 1, EncoderSpec.CQT_BINS, 40});
        System.out.println("chain: " + kinds);
        assertTrue(kinds.stream().noneMatch(k -> k.equals("binary") || k.equals("eltwise_forward")),
                "no separate add or ReLU pass: " + kinds);
        long convs = folded.graph().getConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                        && lv.getLayerConf().getLayer() instanceof ConvolutionLayer).count();
        assertTrue(kinds.stream().filter(k -> k.equals("convolution_forward")).count() == convs, "one primitive per convolution");
        assertTrue(kinds.stream().filter(k -> k.equals("reorder")).count() <= 2, "layouts kept between layers: " + kinds);
    }

    /** The key encoder's path: training-mode BN, the projection head; parameters changed between runs are seen. */
    @Test
    void trainingChainGivesTheProjectionAndBatchStatisticsDl4jDoes() {
        ComputationGraph g = FoldedBackboneTest.trained(TINY_BOTTLENECK, 9);
        DnnlForward chain = DnnlForward.training(g, EncoderGraphFactory.PROJ);
        assertNotNull(chain, "the encoder up to the projection is all layers the training chain handles");
        assertNull(DnnlForward.of(g, EncoderGraphFactory.PROJ), "BN with running statistics is not an inference chain's");
        List<org.musicrec.model.BatchNormLayers.Bn> bns = BatchNormLayers.of(g);
        for (int round = 0; round < 2; round++) {
            Nd4j.getRandom().setSeed(40 + round);
            INDArray x = Nd4j.rand(DataType.FLOAT, 3 + round, 1, EncoderSpec.CQT_BINS, 39);
            INDArray got = chain.output(x);
            java.util.Map<String, INDArray> acts = g.feedForward(new INDArray[] {x}, true, false);
            INDArray expected = acts.get(EncoderGraphFactory.PROJ);
            double d = FoldedBackboneTest.relMaxAbs(got, expected);
            assertTrue(d <= 1e-4, "round " + round + " projection: relative max-abs difference " + d);
            for (var bn : bns) {
                INDArray in = acts.get(bn.input());
                int[] dims = in.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
                INDArray[] st = chain.batchStatistics().get(bn.name());
                assertTrue(FoldedBackboneTest.relMaxAbs(st[0], in.mean(dims)) <= 1e-4, bn.name() + " mean");
                assertTrue(FoldedBackboneTest.relMaxAbs(st[1], in.var(false, dims)) <= 1e-4, bn.name() + " variance");
            }
            g.params().addi(Nd4j.rand(DataType.FLOAT, g.params().shape()).subi(0.5).muli(0.02));   // as the momentum update does
        }
    }

    @Test
    void theEmbedStageRunsOnIt() {
        FoldedBackbone folded = FoldedBackbone.of(FoldedBackboneTest.trained(Backbone.NARROW, 5));
        INDArray x = FoldedBackboneTest.input(33, 2);
        INDArray viaStage = folded.embed(x);
        assertTrue(folded.onDnnl(), "FoldedBackbone.embed uses the chain");
        assertTrue(FoldedBackboneTest.relMaxAbs(viaStage, dl4j(folded, x)) <= TOLERANCE);
        assertTrue(FoldedBackboneTest.relMaxAbs(x, FoldedBackboneTest.input(33, 2)) == 0, "the input is not modified");
    }

    @Test
    void sharedInputsAndPlainAddsWithoutFusion() {
        // a conv read twice, an add of two plain tensors, a standalone ReLU and max pooling, Same padding
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(11, 13, 3))
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .stride(2, 2).activation(Activation.IDENTITY).build(), "in")
                .addLayer("b", new ConvolutionLayer.Builder(1, 1).nOut(8).activation(Activation.RELU).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("r", new ActivationLayer.Builder().activation(Activation.RELU).build(), "sum")
                .addLayer("p", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                        .build(), "r")
                .addVertex("sum2", new ElementWiseVertex(ElementWiseVertex.Op.Add), "p", "p")
                .addLayer("g", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sum2")
                .setOutputs("g").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        g.params().assign(Nd4j.rand(DataType.FLOAT, g.params().shape()).subi(0.5));
        DnnlForward chain = DnnlForward.of(g, "g");
        assertNotNull(chain);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 11, 13);
        double d = FoldedBackboneTest.relMaxAbs(chain.output(x), g.outputSingle(x));
        assertTrue(d <= TOLERANCE, "relative max-abs difference " + d);
    }

    @Test
    void leavesGraphsWithOtherLayersToDl4j() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("g", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c")
                .setOutputs("g").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        assertNull(DnnlForward.of(g, "g"), "tanh is not handled: DL4J runs it");
    }
}
