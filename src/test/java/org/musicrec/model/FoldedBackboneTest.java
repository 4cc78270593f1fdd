package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BN-folded inference backbone computes the trained graph's embedding, without BN layers. */
class FoldedBackboneTest {
    /** A bottleneck backbone small enough for a test; stage 2 has an identity-shortcut block too. */
    private static final Backbone TINY_BOTTLENECK = new Backbone("tiny", true, 8, new int[] {1, 2}, new int[] {4, 8});
    /**
     * Relative max-abs difference allowed between folded and original embeddings: float32 with the
     * same convolutions but a different summation (scale folded into the weights, BN applied once
     * instead of per element). Observed 2–4e-7; a missing bias or scale fold gives ≥ 1e-2.
     */
    private static final double TOLERANCE = 1e-4;

    static Stream<Arguments> backbones() {
        return Stream.of(Arguments.of(Backbone.NARROW, 37), Arguments.of(Backbone.NARROW, 50),
                Arguments.of(TINY_BOTTLENECK, 37), Arguments.of(TINY_BOTTLENECK, 50),
                Arguments.of(Backbone.RESNET18, 37));
    }

    /**
     * A trained-looking encoder: every BN layer gets random γ, β, running mean and (positive) variance,
     * and an eps far from the default 1e-5, so that a fold that ignored eps would be seen.
     */
    static ComputationGraph trained(Backbone b, long seed) {
        ComputationGraph g = EncoderGraphFactory.create(BackboneTest.spec(b));
        Nd4j.getRandom().setSeed(seed);
        for (Layer l : g.getLayers()) {
            if (l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization bn) {
                uniform(bn.getParam(BatchNormalizationParamInitializer.GAMMA), 0.5, 1.5);
                uniform(bn.getParam(BatchNormalizationParamInitializer.BETA), -0.3, 0.3);
                uniform(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), -0.3, 0.3);
                uniform(bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR), 0.5, 2.0);
                bn.layerConf().setEps(0.2);   // read at every forward pass
            }
        }
        return g;
    }

    private static void uniform(INDArray view, double lo, double hi) {
        view.assign(Nd4j.rand(view.dataType(), view.shape()).muli(hi - lo).addi(lo));
    }

    static INDArray input(int width, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, 3, 1, EncoderSpec.CQT_BINS, width);
    }

    /** max |a − b| / max |b|. */
    static double relMaxAbs(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-12, b.amaxNumber().doubleValue());
    }

    private static long count(ComputationGraph g, Class<?> layerConf) {
        return Arrays.stream(g.getLayers()).filter(l -> layerConf.isInstance(l.conf().getLayer())).count();
    }

    @ParameterizedTest(name = "{0} width {1}")
    @MethodSource("backbones")
    void foldedEmbeddingEqualsTheOriginal(Backbone b, int width) {
        ComputationGraph original = trained(b, 7);
        INDArray x = input(width, 11);
        INDArray expected = EncoderGraphFactory.embed(original, x);
        INDArray folded = FoldedBackbone.of(original).embed(x);
        assertArrayEquals(new long[] {3, b.embeddingDim()}, folded.shape());
        double d = relMaxAbs(folded, expected);
        System.out.printf("fold %s width %d: relative max-abs difference %.2e%n", b.name(), width, d);
        assertTrue(d <= TOLERANCE, b.name() + " width " + width + ": relative max-abs difference " + d);
        assertTrue(expected.amaxNumber().doubleValue() > 1e-3, "embedding should not be all zeros");
    }

    @Test
    void foldedEmbeddingEqualsTheOriginalWithAndWithoutHelpers() {
        for (boolean helpers : new boolean[] {false, true}) {
            ComputationGraph original = HelperComparisons.withHelpers(helpers, () -> trained(TINY_BOTTLENECK, 3));
            FoldedBackbone folded = HelperComparisons.withHelpers(helpers, () -> FoldedBackbone.of(original));
            INDArray x = input(50, 5);
            double d = relMaxAbs(folded.embed(x), EncoderGraphFactory.embed(original, x));
            assertTrue(d <= TOLERANCE, "helpers " + helpers + ": relative max-abs difference " + d);
        }
    }

    @Test
    void foldedGraphHasNoBatchNormAndFewerActivationLayers() {
        ComputationGraph original = trained(TINY_BOTTLENECK, 1);
        ComputationGraph folded = FoldedBackbone.of(original).graph();
        assertEquals(0, count(folded, BatchNormalization.class));
        // bottleneck: stem + 3 blocks × 2 ReLUs after a BN are absorbed; the 3 ReLUs after the adds stay
        assertEquals(3, count(folded, ActivationLayer.class));
        assertEquals(1 + 3 * 3 + 1, count(original, ActivationLayer.class));   // stem, 3 per block, proj_relu
        long convs = count(folded, ConvolutionLayer.class);
        assertEquals(count(original, ConvolutionLayer.class), convs);
        assertEquals(convs, Arrays.stream(folded.getLayers()).filter(l -> l.conf().getLayer() instanceof ConvolutionLayer c
                && c.hasBias()).count(), "every folded convolution carries a bias");
        assertEquals(1, folded.getNumOutputArrays());
        assertEquals(EncoderGraphFactory.INPUT, folded.getConfiguration().getNetworkInputs().get(0));
        assertEquals(ResNetBuilder.EMBEDDING, folded.getConfiguration().getNetworkOutputs().get(0));
    }

    @Test
    void originalGraphIsUntouched() {
        ComputationGraph original = trained(Backbone.NARROW, 2);
        INDArray params = original.params().dup();
        INDArray x = input(37, 3);
        INDArray before = EncoderGraphFactory.embed(original, x);
        FoldedBackbone folded = FoldedBackbone.of(original);
        folded.embed(x);
        folded.graph().params().addi(1);   // the folded parameters are not views of the original's
        assertEquals(params, original.params());
        assertEquals(before, EncoderGraphFactory.embed(original, x));
        assertEquals(count(original, BatchNormalization.class), BatchNormLayers.of(original).size());
    }

    /** The tolerance is tight enough to see a fold that forgets the BN's shift (β − mean·scale). */
    @Test
    void toleranceCatchesAMissingBiasFold() {
        ComputationGraph original = trained(Backbone.NARROW, 4);
        INDArray x = input(37, 6);
        FoldedBackbone folded = FoldedBackbone.of(original);
        for (Layer l : folded.graph().getLayers()) {
            if (l.conf().getLayer() instanceof ConvolutionLayer) {
                l.getParam("b").assign(0);
            }
        }
        double d = relMaxAbs(folded.embed(x), EncoderGraphFactory.embed(original, x));
        assertTrue(d > 100 * TOLERANCE, "without the bias fold the difference is " + d);
    }

    @Test
    void failsClearlyForABatchNormItCannotFold() {
        // conv feeds both the BN and the residual add: folding the BN would change the add's input
        var g = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .hasBias(false).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().useLogStd(false).build(), "conv")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "bn", "conv")
                .addLayer(ResNetBuilder.EMBEDDING, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .setOutputs(ResNetBuilder.EMBEDDING).build();
        ComputationGraph graph = new ComputationGraph(g);
        graph.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FoldedBackbone.of(graph));
        assertTrue(e.getMessage().contains("'bn'"), e.getMessage());
        IllegalArgumentException noOutput = assertThrows(IllegalArgumentException.class,
                () -> FoldedBackbone.of(graph, "nowhere"));
        assertTrue(noOutput.getMessage().contains("nowhere"), noOutput.getMessage());
    }

    @Test
    void embedsInPassesThatKeepActivationsUnderTheBudget() {
        ComputationGraph original = trained(Backbone.NARROW, 7);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 1, EncoderSpec.CQT_BINS, 41);
        FoldedBackbone whole = FoldedBackbone.of(original);
        // budget for two inputs' largest activation (the stem's output: 32 channels × 42 × 21 floats each)
        FoldedBackbone inPasses = FoldedBackbone.of(original, ResNetBuilder.EMBEDDING, 2L * 32 * 42 * 21 * 4);
        assertTrue(whole.rowsPerPass(x) >= 7, "the default budget takes all 7 at once");
        assertEquals(2, inPasses.rowsPerPass(x), "passes of 2, 2, 2, 1");
        INDArray a = whole.embed(x);
        INDArray b = inPasses.embed(x);
        assertArrayEquals(a.shape(), b.shape());
        double d = relMaxAbs(b, a);
        assertTrue(d <= TOLERANCE, "in passes against one pass: relative max-abs difference " + d);
        assertTrue(relMaxAbs(b.getRow(6), a.getRow(6)) <= TOLERANCE, "the last, single-input pass lands in the last row");
    }
}
