package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.config.ConfigLoader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackboneTest {
    private static final Set<String> HEAD_LAYERS = Set.of("proj_fc1", "proj_bn", "proj", "genre");

    static EncoderSpec spec(Backbone b) {
        return EncoderSpec.fromConfig(new ConfigLoader().defaults().encoder(), 42).with(b, 1, DataType.FLOAT);
    }

    /** Parameters of the trunk only (heads excluded): {trainable, BN running statistics}. */
    private static long[] backboneParams(ComputationGraph g) {
        long trainable = 0;
        long stats = 0;
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            String layer = e.getKey().substring(0, e.getKey().lastIndexOf('_'));
            String param = e.getKey().substring(e.getKey().lastIndexOf('_') + 1);
            if (HEAD_LAYERS.contains(layer)) {
                continue;
            }
            if (param.equals("mean") || param.equals("var")) {
                stats += e.getValue().length();
            } else {
                trainable += e.getValue().length();
            }
        }
        return new long[] {trainable, stats};
    }

    private static long heads(int e, int p) {
        return (long) e * e + 4L * e + (long) e * p + p + (long) e * 7 + 7;
    }

    @Test
    void resnet50HasTorchvisionParameterCountWithOneChannelStem() {
        ComputationGraph g = EncoderGraphFactory.create(spec(Backbone.RESNET50));
        // torchvision resnet50 without fc: 23,508,032; a 1-channel conv1 has 2·64·7·7 fewer weights.
        assertArrayEquals(new long[] {23_501_760L, 2 * 26_560L}, backboneParams(g));
        assertEquals(23_501_760L + 2 * 26_560L + heads(2048, 128), g.numParams());
        assertEquals(g.numParams() - 2 * 26_560L - 2 * 2048L, BatchNormLayers.trainableCount(g));
        INDArray[] out = g.output(Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32));
        assertArrayEquals(new long[] {1, 128}, out[0].shape());
        assertArrayEquals(new long[] {1, 7}, out[1].shape());
        assertEquals(2048, Backbone.RESNET50.embeddingDim());
    }

    @Test
    void resnet18HasTorchvisionParameterCount() {
        ComputationGraph g = EncoderGraphFactory.create(spec(Backbone.RESNET18));
        // torchvision resnet18 without fc: 11,176,512; minus 2·64·7·7 for the 1-channel stem.
        assertArrayEquals(new long[] {11_170_240L, 2 * 4_800L}, backboneParams(g));
        assertEquals(11_170_240L + 2 * 4_800L + heads(512, 128), g.numParams());
        Map<String, INDArray> acts = g.feedForward(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 48), false);
        assertArrayEquals(new long[] {2, 512}, acts.get(ResNetBuilder.EMBEDDING).shape());
    }

    @Test
    void narrowShapesFollowTorchvisionArithmeticOnAFullClip() {
        ComputationGraph g = EncoderGraphFactory.create(spec(Backbone.NARROW));
        assertArrayEquals(new long[] {1_227_104L, 2 * 1_440L}, backboneParams(g));
        Map<String, INDArray> acts = g.feedForward(Nd4j.rand(DataType.FLOAT, 2, 1, 84, 313), false);
        assertArrayEquals(new long[] {2, 32, 42, 157}, acts.get("relu1").shape());
        assertArrayEquals(new long[] {2, 32, 21, 79}, acts.get("maxpool").shape());
        assertArrayEquals(new long[] {2, 64, 11, 40}, acts.get("layer2_0_relu").shape());
        assertArrayEquals(new long[] {2, 256, 3, 10}, acts.get("layer4_0_relu").shape());
        assertArrayEquals(new long[] {2, 256}, acts.get(ResNetBuilder.EMBEDDING).shape());
        assertArrayEquals(new long[] {2, 128}, acts.get(EncoderGraphFactory.PROJ).shape());
        assertArrayEquals(new long[] {2, 7}, acts.get(EncoderGraphFactory.GENRE).shape());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 84, 64);
        assertEquals(g.feedForward(x, false).get(ResNetBuilder.EMBEDDING), EncoderGraphFactory.embed(g, x));
        // The width T is free: another clip length runs through the same graph.
        assertArrayEquals(new long[] {1, 256}, g.feedForward(Nd4j.rand(DataType.FLOAT, 1, 1, 84, 100), false)
                .get(ResNetBuilder.EMBEDDING).shape());
    }

    @Test
    void backboneNamesComeFromTheConfig() {
        assertEquals(Backbone.NARROW, Backbone.named("narrow"));
        assertEquals(256, Backbone.named("narrow").embeddingDim());
        assertEquals(512, Backbone.named("ResNet18").embeddingDim());
        assertThrows(IllegalArgumentException.class, () -> Backbone.named("vgg"));
    }

    @Test
    void graphRoundTripsThroughModelSerializerWithUpdater(@TempDir Path tmp) throws Exception {
        Backbone tiny = new Backbone("tiny", true, 4, new int[] {1, 1}, new int[] {2, 4});
        ComputationGraph g = EncoderGraphFactory.create(spec(tiny));
        g.getUpdater(); // make sure there is updater state to save
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 20, 24);
        INDArray[] before = g.output(x);
        File f = tmp.resolve("enc.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        INDArray[] after = r.output(x);
        assertEquals(before[0], after[0]);
        assertEquals(before[1], after[1]);
        assertEquals(g.params(), r.params());
        assertEquals(BatchNormLayers.of(g).size(), BatchNormLayers.of(r).size());
    }
}
