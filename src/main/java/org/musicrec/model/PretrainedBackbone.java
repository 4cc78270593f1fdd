package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.util.ModelSerializer;
import org.musicrec.io.ModelZipGuard;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Initialises a backbone from a DL4J-zoo ResNet-50 weights file ({@code encoder.pretrained_backbone}):
 * a {@code ComputationGraph} saved with {@code ModelSerializer}, trained on 3-channel images.
 *
 * <p>Matching: the convolutions of both graphs are taken in topological order (the target's only up
 * to {@value ResNetBuilder#EMBEDDING}, so heads keep their init; the source's dense classifier is
 * ignored). Each target convolution takes the next unused source convolution, looking at most
 * {@value #WINDOW} ahead, whose weight shape equals its own — the window absorbs the different
 * order in which two graphs may list a block's first conv and its shortcut; the shapes keep them
 * apart. The first conv may have 3 input channels where the target has 1: it is averaged over RGB
 * (as the seed did with ImageNet weights). Each BatchNorm (γ, β, running mean/variance) is copied
 * from the BN that follows the matched source conv; a source conv bias, which the target lacks, is
 * folded into that BN's running mean ({@code μ' = μ − b}) so inference is unchanged.
 *
 * <p>Limits: matching is by shape, not by meaning. The zoo's ResNet50 has torchvision's weight
 * shapes but strides differently (stride in stage 2 as well, on the 1×1 convs: ResNet v1, not v1.5),
 * so its weights load but compute a slightly different function until fine-tuned. Any file with
 * a different number of convolutions or a shape that finds no partner is rejected with an error
 * naming the file.
 */
public final class PretrainedBackbone {
    static final int WINDOW = 3;

    private record Conv(String name, INDArray weights, INDArray bias) {
    }

    private PretrainedBackbone() {
    }

    /** Copies the backbone weights of {@code zooWeights} into {@code target}; returns convolutions copied. */
    public static int load(Path zooWeights, ComputationGraph target) throws IOException {
        if (!Files.isRegularFile(zooWeights)) {
            throw new IOException("pretrained backbone " + zooWeights + ": no such file");
        }
        ModelZipGuard.standard().check(zooWeights, "pretrained backbone (encoder.pretrained_backbone)");
        ComputationGraph source;
        try {
            source = ModelSerializer.restoreComputationGraph(zooWeights.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new IOException("pretrained backbone " + zooWeights + " is not a DL4J ComputationGraph file: " + e, e);
        }
        List<Conv> from = convs(source, null);
        List<Conv> to = convs(target, ResNetBuilder.EMBEDDING);
        if (from.size() != to.size()) {
            throw fit(zooWeights, "it has " + from.size() + " convolutions, the " + "backbone has " + to.size());
        }
        Map<String, Conv> partner = new HashMap<>();   // target conv name -> source conv
        boolean[] used = new boolean[from.size()];
        for (int i = 0; i < to.size(); i++) {
            Conv t = to.get(i);
            Conv s = findPartner(from, used, t, i == 0);
            if (s == null) {
                throw fit(zooWeights, "no convolution of shape " + Arrays.toString(t.weights().shape()) + " near position "
                        + i + " for " + t.name());
            }
            copyConv(s, t);
            partner.put(t.name(), s);
        }
        Map<String, Layer> sourceBnByInput = bnByInput(source);
        for (BatchNormLayers.Bn bn : BatchNormLayers.of(target)) {
            Conv s = partner.get(bn.input());
            if (s == null) {
                continue;   // a head's BN
            }
            Layer sourceBn = sourceBnByInput.get(s.name());
            if (sourceBn == null) {
                throw fit(zooWeights, "no BatchNorm follows convolution " + s.name() + " (partner of " + bn.input() + ")");
            }
            copyBn(zooWeights, sourceBn, (org.deeplearning4j.nn.layers.normalization.BatchNormalization)
                    target.getLayer(bn.name()), s.bias());
        }
        return to.size();
    }

    private static Conv findPartner(List<Conv> from, boolean[] used, Conv t, boolean first) {
        int seen = 0;
        for (int j = 0; j < from.size() && seen < WINDOW; j++) {
            if (used[j]) {
                continue;
            }
            seen++;
            long[] s = from.get(j).weights().shape();
            long[] w = t.weights().shape();
            boolean rgbStem = first && s.length == 4 && s[1] == 3 && w[1] == 1
                    && s[0] == w[0] && s[2] == w[2] && s[3] == w[3];
            if (Arrays.equals(s, w) || rgbStem) {
                used[j] = true;
                return from.get(j);
            }
        }
        return null;
    }

    private static void copyConv(Conv s, Conv t) {
        INDArray w = s.weights();
        if (w.size(1) != t.weights().size(1)) {
            w = w.mean(true, 1);   // [out, 3, kh, kw] -> [out, 1, kh, kw]: average over RGB
        }
        t.weights().assign(w.castTo(t.weights().dataType()));
    }

    private static void copyBn(Path file, Layer s, org.deeplearning4j.nn.layers.normalization.BatchNormalization t,
                               INDArray convBias) throws IOException {
        INDArray gamma = s.getParam(BatchNormalizationParamInitializer.GAMMA);
        INDArray beta = s.getParam(BatchNormalizationParamInitializer.BETA);
        INDArray mean = s.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray var = s.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        if (var == null) {   // stored as log10(std): var = (10^l)^2
            INDArray log10Std = s.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            var = org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0,
                    log10Std.dataType()), log10Std, false);
            var.muli(var);
        }
        if (gamma == null || beta == null || mean.length() != t.getParam("mean").length()) {
            throw fit(file, "BatchNorm " + s.conf().getLayer().getLayerName() + " does not match " + t.conf().getLayer().getLayerName());
        }
        t.getParam(BatchNormalizationParamInitializer.GAMMA).assign(gamma.reshape(t.getParam("gamma").shape()));
        t.getParam(BatchNormalizationParamInitializer.BETA).assign(beta.reshape(t.getParam("beta").shape()));
        INDArray m = mean.reshape(t.getParam("mean").shape()).castTo(t.getParam("mean").dataType());
        if (convBias != null) {
            m = m.sub(convBias.reshape(m.shape()).castTo(m.dataType()));
        }
        t.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).assign(m);
        t.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).assign(var.reshape(t.getParam("var").shape()));
    }

    /** Convolution layers in topological order, stopping at vertex {@code stopAt} (null: all). */
    private static List<Conv> convs(ComputationGraph g, String stopAt) {
        List<Conv> out = new ArrayList<>();
        for (int idx : g.topologicalSortOrder()) {
            GraphVertex v = g.getVertices()[idx];
            if (v.getVertexName().equals(stopAt)) {
                break;
            }
            if (v.hasLayer() && v.getLayer().conf().getLayer()
                    instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer) {
                Layer l = v.getLayer();
                out.add(new Conv(v.getVertexName(), l.getParam("W"), l.paramTable().get("b")));
            }
        }
        return out;
    }

    private static Map<String, Layer> bnByInput(ComputationGraph g) {
        Map<String, Layer> out = new HashMap<>();
        for (GraphVertex v : g.getVertices()) {
            if (v.hasLayer() && v.getLayer() instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                out.put(g.getConfiguration().getVertexInputs().get(v.getVertexName()).get(0), v.getLayer());
            }
        }
        return out;
    }

    private static IOException fit(Path file, String why) {
        return new IOException("pretrained backbone " + file + " does not fit encoder: " + why);
    }
}
