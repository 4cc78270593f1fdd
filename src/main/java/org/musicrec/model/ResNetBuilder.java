package org.musicrec.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * Adds a {@link Backbone} to a graph in torchvision's layout, vertex names included
 * ({@code conv1, bn1, relu1, maxpool, layer{s}_{b}_conv1 …, layer{s}_{b}_downsample_conv, embedding}).
 *
 * <p>Input NCHW {@code [N, inChannels, 84, T]}; stem conv 7×7/2 pad 3 → BN → ReLU → max-pool 3×3/2
 * pad 1 → stages → global average pool. Output {@code [N, embeddingDim]}. Bottleneck blocks are
 * v1.5 (the stride sits on the 3×3, as torchvision), projection shortcuts (1×1 conv + BN) appear
 * only where the shape changes, and the sum is followed by ReLU. Convolutions carry no bias since
 * a BatchNorm follows each one. BN stores its running variance directly ({@code useLogStd(false)})
 * so the key encoder's statistics can be updated with the textbook formula.
 */
public final class ResNetBuilder {
    /** Name of the pooled-embedding vertex: read it with {@code feedForward}. */
    public static final String EMBEDDING = "embedding";

    private final GraphBuilder g;

    public ResNetBuilder(GraphBuilder g) {
        this.g = g;
    }

    /** Adds the backbone after vertex {@code input}; returns {@link #EMBEDDING}. */
    public String add(Backbone b, String input, int inChannels) {
        String x = convBn("conv1", "bn1", input, inChannels, b.stemWidth(), 7, 2, 3);
        g.addLayer("relu1", relu(), x);
        g.addLayer("maxpool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .padding(1, 1).convolutionMode(ConvolutionMode.Truncate).build(), "relu1");
        x = "maxpool";
        int channels = b.stemWidth();
        int[] blocks = b.blocks();
        int[] widths = b.widths();
        for (int s = 0; s < blocks.length; s++) {
            for (int i = 0; i < blocks[s]; i++) {
                int stride = (s > 0 && i == 0) ? 2 : 1;
                String p = "layer" + (s + 1) + "_" + i + "_";
                x = b.bottleneck() ? bottleneck(p, x, channels, widths[s], stride) : basic(p, x, channels, widths[s], stride);
                channels = widths[s] * b.expansion();
            }
        }
        g.addLayer(EMBEDDING, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        return EMBEDDING;
    }

    private String basic(String p, String in, int inC, int width, int stride) {
        String x = convBn(p + "conv1", p + "bn1", in, inC, width, 3, stride, 1);
        g.addLayer(p + "relu1", relu(), x);
        x = convBn(p + "conv2", p + "bn2", p + "relu1", width, width, 3, 1, 1);
        return residual(p, x, in, inC, width, stride);
    }

    private String bottleneck(String p, String in, int inC, int width, int stride) {
        String x = convBn(p + "conv1", p + "bn1", in, inC, width, 1, 1, 0);
        g.addLayer(p + "relu1", relu(), x);
        x = convBn(p + "conv2", p + "bn2", p + "relu1", width, width, 3, stride, 1);
        g.addLayer(p + "relu2", relu(), x);
        x = convBn(p + "conv3", p + "bn3", p + "relu2", width, 4 * width, 1, 1, 0);
        return residual(p, x, in, inC, 4 * width, stride);
    }

    /** out = ReLU(branch + shortcut); the shortcut projects only when the shape changes. */
    private String residual(String p, String branch, String in, int inC, int outC, int stride) {
        String shortcut = in;
        if (stride != 1 || inC != outC) {
            shortcut = convBn(p + "downsample_conv", p + "downsample_bn", in, inC, outC, 1, stride, 0);
        }
        g.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, shortcut);
        g.addLayer(p + "relu", relu(), p + "add");
        return p + "relu";
    }

    private String convBn(String conv, String bn, String in, int inC, int outC, int k, int stride, int pad) {
        g.addLayer(conv, new ConvolutionLayer.Builder(k, k).nIn(inC).nOut(outC).stride(stride, stride)
                .padding(pad, pad).convolutionMode(ConvolutionMode.Truncate).hasBias(false)
                .activation(Activation.IDENTITY).build(), in);
        g.addLayer(bn, batchNorm(outC), conv);
        return bn;
    }

    /** BatchNorm as the encoder uses it everywhere: running variance stored as variance, decay 0.9. */
    static BatchNormalization batchNorm(int channels) {
        return new BatchNormalization.Builder().nIn(channels).nOut(channels).useLogStd(false).build();
    }

    /** ReLU after a BN or a residual add, each of which has no other consumer: in place ({@link InPlaceRelu}). */
    static ActivationLayer relu() {
        return new InPlaceRelu();
    }
}
