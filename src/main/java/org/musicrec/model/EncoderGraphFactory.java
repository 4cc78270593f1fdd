package org.musicrec.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;

/**
 * Builds the encoder as one {@link ComputationGraph}: input {@value #INPUT} {@code [N, C, 84, T]} →
 * backbone → {@value ResNetBuilder#EMBEDDING} {@code [N, E]}, then two heads, both plain layers (no
 * loss layers: the losses are computed outside, see {@link MocoModel}):
 * <ul>
 *   <li>{@value #PROJ} {@code [N, P]}: Dense E→E (no bias; BN follows) → BN → ReLU → Dense E→P, the
 *       MoCo v2 projection before L2 normalisation;</li>
 *   <li>{@value #GENRE} {@code [N, 7]}: Dense E→7, logits.</li>
 * </ul>
 * Outputs, in this order: {@code proj, genre}. Updater: Adam ({@link FastAdam}: DL4J's rule, computed faster on the CPU) with L2 added to the gradient
 * ({@code .l2(wd)}), which is what PyTorch's {@code Adam(weight_decay=wd)} does (the seed's
 * optimiser); DL4J's {@code .weightDecay(wd)} would be the decoupled AdamW rule instead. DL4J applies
 * L2 to weights only (not to biases or BN γ/β), unlike PyTorch, which decays every parameter.
 * Workspaces are enabled for training and inference (DL4J-NOTES measured with them on).
 */
public final class EncoderGraphFactory {
    public static final String INPUT = "cqt";
    public static final String PROJ = "proj";
    public static final String GENRE = "genre";
    /** nominal input width used only for shape inference; any T works at run time. */
    static final int NOMINAL_WIDTH = 313;

    private EncoderGraphFactory() {
    }

    /**
     * A freshly initialised (He-normal) encoder graph. Where DL4J chose its oneDNN BatchNorm helper (CPU,
     * {@link OneDnnHelpers} enabled), BN training runs on {@link FastBatchNormHelper} instead, and the
     * convolutions run on oneDNN's primitives directly ({@link DnnlConvHelper}).
     */
    public static ComputationGraph create(EncoderSpec s) {
        ComputationGraph graph = new ComputationGraph(configuration(s));
        graph.init();
        FastBatchNormHelper.install(graph);
        DnnlConvHelper.installAll(DnnlConvHelper.InputGradients.SKIP_NETWORK_INPUTS, graph);
        return graph;
    }

    /**
     * Embeddings {@code [N, E]} of {@code x} {@code [N, C, 84, T]}, in inference mode (BN running
     * statistics). Runs the graph only up to {@value ResNetBuilder#EMBEDDING} through
     * {@code output(List<String>, …)}, which keeps only that activation (DL4J M2.1's partial
     * {@code feedForward(input, layerTillIndex, train)} mixes layer and vertex indices, and the full
     * {@code feedForward} detaches a copy of every activation: 1.08× slower on 30 s chunks).
     */
    public static INDArray embed(ComputationGraph graph, INDArray x) {
        return graph.output(List.of(ResNetBuilder.EMBEDDING), false, new INDArray[] {x}, null)[0];
    }

    public static ComputationGraphConfiguration configuration(EncoderSpec s) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(s.dataType())
                .weightInit(WeightInit.RELU)
                .updater(new FastAdam(s.learningRate(), s.beta1(), s.beta2(), Adam.DEFAULT_ADAM_EPSILON))
                .l2(s.weightDecay())
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(s.height(), NOMINAL_WIDTH, s.inChannels()));
        String emb = new ResNetBuilder(g).add(s.backbone(), INPUT, s.inChannels());
        int e = s.embeddingDim();
        g.addLayer("proj_fc1", new DenseLayer.Builder().nIn(e).nOut(e).hasBias(false)
                .activation(Activation.IDENTITY).build(), emb);
        g.addLayer("proj_bn", ResNetBuilder.batchNorm(e), "proj_fc1");
        g.addLayer("proj_relu", ResNetBuilder.relu(), "proj_bn");
        g.addLayer(PROJ, new DenseLayer.Builder().nIn(e).nOut(s.projectionDim()).weightInit(WeightInit.XAVIER)
                .activation(Activation.IDENTITY).build(), "proj_relu");
        g.addLayer(GENRE, new DenseLayer.Builder().nIn(e).nOut(s.genreCount()).weightInit(WeightInit.XAVIER)
                .activation(Activation.IDENTITY).build(), emb);
        g.setOutputs(PROJ, GENRE);
        return g.build();
    }
}
