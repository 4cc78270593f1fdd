package org.musicrec.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainedBackboneTest {
    private static final Backbone TINY = new Backbone("tiny", true, 4, new int[] {1, 2}, new int[] {2, 4});

    @TempDir
    Path tmp;

    /** A "zoo-like" file: same layout, 3-channel input, every parameter (BN statistics too) random. */
    private Path zooLike(Backbone b) throws IOException {
        ComputationGraph rgb = EncoderGraphFactory.create(BackboneTest.spec(b).with(b, 3, DataType.FLOAT));
        rgb.params().assign(Nd4j.rand(DataType.FLOAT, rgb.params().shape()).addi(0.5));
        Path f = tmp.resolve("zoo-" + b.name() + ".zip");
        ModelSerializer.writeModel(rgb, f.toFile(), false);
        return f;
    }

    @Test
    void copiesBackboneAveragingTheStemOverRgb() throws Exception {
        Path file = zooLike(TINY);
        ComputationGraph zoo = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        ComputationGraph target = EncoderGraphFactory.create(BackboneTest.spec(TINY));
        INDArray projBefore = target.getParam("proj_W").dup();

        int copied = PretrainedBackbone.load(file, target);

        assertEquals(1 + 3 * 3 + 2, copied);   // stem + 3 bottlenecks x 3 + 2 shortcuts
        INDArray stem = target.getParam("conv1_W");
        assertEquals(1, stem.size(1));
        assertTrue(zoo.getParam("conv1_W").mean(true, 1).equalsWithEps(stem, 1e-6));
        assertEquals(zoo.getParam("layer2_1_conv2_W"), target.getParam("layer2_1_conv2_W"));
        assertEquals(zoo.getParam("layer2_0_downsample_conv_W"), target.getParam("layer2_0_downsample_conv_W"));
        for (String p : new String[] {"gamma", "beta", "mean", "var"}) {
            assertEquals(zoo.getParam("layer1_0_bn3_" + p), target.getParam("layer1_0_bn3_" + p), p);
        }
        // Heads keep their own initialisation.
        assertEquals(projBefore, target.getParam("proj_W"));
        assertNotEquals(zoo.getParam("proj_W"), target.getParam("proj_W"));
    }

    @Test
    void aFileOfAnotherShapeIsRejectedNamingTheFile() throws Exception {
        Path other = zooLike(new Backbone("other", true, 4, new int[] {1, 2}, new int[] {2, 8}));
        ComputationGraph target = EncoderGraphFactory.create(BackboneTest.spec(TINY));
        IOException e = assertThrows(IOException.class, () -> PretrainedBackbone.load(other, target));
        assertTrue(e.getMessage().contains(other.toString()) && e.getMessage().contains("does not fit"), e.getMessage());

        Path deeper = zooLike(new Backbone("deeper", true, 4, new int[] {2, 2}, new int[] {2, 4}));
        e = assertThrows(IOException.class, () -> PretrainedBackbone.load(deeper, target));
        assertTrue(e.getMessage().contains("convolutions"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAModelIsRejectedNamingTheFile() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a model");
        ComputationGraph target = EncoderGraphFactory.create(BackboneTest.spec(TINY));
        IOException e = assertThrows(IOException.class, () -> PretrainedBackbone.load(junk, target));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> PretrainedBackbone.load(tmp.resolve("absent.zip"), target));
        assertTrue(missing.getMessage().contains("absent.zip"), missing.getMessage());
    }

    @Test
    void mocoModelStartsFromTheConfiguredFileWithTheKeyEncoderACopy() throws Exception {
        Path file = zooLike(TINY);
        EncoderConfig d = new ConfigLoader().defaults().encoder();
        EncoderConfig c = new EncoderConfig(d.backbone(), d.embeddingDim(), d.projectionDim(), d.queueSize(),
                d.momentum(), d.temperature(), d.mocoWeight(), d.genreWeight(), d.epochs(), d.batchSize(),
                d.microBatchSize(), d.learningRate(), d.weightDecay(), d.betas(), d.schedule(), d.earlyStoppingPatience(), d.clipSeconds(),
                file.toString(), d.encoderVersion());
        MocoModel m = MocoModel.create(BackboneTest.spec(TINY), c);
        ComputationGraph zoo = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        assertTrue(zoo.getParam("conv1_W").mean(true, 1).equalsWithEps(m.queryEncoder().getParam("conv1_W"), 1e-6));
        assertEquals(m.queryEncoder().params(), m.keyEncoder().params());
    }

    @Test
    void sourceConvBiasIsFoldedIntoTheFollowingBnMean() throws Exception {
        // Zoo convolutions carry a bias; ours do not (BN follows). μ' = μ − b keeps inference unchanged.
        ComputationGraphConfiguration conf = EncoderGraphFactory.configuration(BackboneTest.spec(TINY).with(TINY, 3,
                DataType.FLOAT));
        conf.getVertices().values().forEach(v -> {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
                c.setHasBias(true);
            }
        });
        ComputationGraph rgb = new ComputationGraph(conf);
        rgb.init();
        rgb.params().assign(Nd4j.rand(DataType.FLOAT, rgb.params().shape()).addi(0.5));
        Path file = tmp.resolve("zoo-bias.zip");
        ModelSerializer.writeModel(rgb, file.toFile(), false);
        ComputationGraph target = EncoderGraphFactory.create(BackboneTest.spec(TINY));
        PretrainedBackbone.load(file, target);
        for (String l : new String[] {"bn1", "layer1_0_bn2", "layer2_0_downsample_bn"}) {
            String conv = l.replace("bn", "conv");
            INDArray mean = target.getParam(l + "_mean");
            INDArray expected = rgb.getParam(l + "_mean").reshape(mean.shape())
                    .sub(rgb.getParam(conv + "_b").reshape(mean.shape()));
            assertTrue(expected.equalsWithEps(mean, 1e-6), l + ": " + expected + " vs " + mean);
            assertEquals(rgb.getParam(l + "_var"), target.getParam(l + "_var"));
        }
    }
}
