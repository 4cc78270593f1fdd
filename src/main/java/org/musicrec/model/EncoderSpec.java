package org.musicrec.model;

import org.musicrec.config.EncoderConfig;
import org.musicrec.library.GenreCategory;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Everything {@link EncoderGraphFactory} needs to build the query (or key) encoder graph.
 *
 * <p>The embedding width is the backbone's ({@link Backbone#embeddingDim()}: 2048, 512 or 256);
 * {@code encoder.embedding_dim} in the config does not change it.
 *
 * @param backbone      the ResNet trunk; its {@link Backbone#embeddingDim()} is the heads' input width
 * @param inChannels    input channels (1 for the CQT; 3 only to build zoo-like test graphs)
 * @param height        input height (CQT bins, 84); the width T may vary from call to call
 * @param projectionDim MoCo projection output (128)
 * @param genreCount    genre head outputs ({@link GenreCategory#COUNT})
 * @param learningRate  Adam step size (a schedule sets it per step via {@code graph.setLearningRate})
 * @param beta1         Adam β1
 * @param beta2         Adam β2
 * @param weightDecay   L2 coefficient added to the gradient before Adam (PyTorch Adam's weight_decay)
 * @param seed          weight-init seed
 * @param dataType      FLOAT for training; DOUBLE only for gradient checks
 */
public record EncoderSpec(Backbone backbone, int inChannels, int height, int projectionDim, int genreCount,
                          double learningRate, double beta1, double beta2, double weightDecay, long seed,
                          DataType dataType) {
    /** CQT bins: the input height of every encoder. */
    public static final int CQT_BINS = 84;

    /** The spec the config asks for: 1-channel 84-bin CQT input, float32. */
    public static EncoderSpec fromConfig(EncoderConfig c, long seed) {
        return new EncoderSpec(Backbone.named(c.backbone()), 1, CQT_BINS, c.projectionDim(), GenreCategory.COUNT,
                c.learningRate(), c.betas().get(0), c.betas().get(1), c.weightDecay(), seed, DataType.FLOAT);
    }

    /** Same spec with another backbone / input channels / data type (tests, zoo-like graphs). */
    public EncoderSpec with(Backbone b, int channels, DataType type) {
        return new EncoderSpec(b, channels, height, projectionDim, genreCount, learningRate, beta1, beta2,
                weightDecay, seed, type);
    }

    /** Width of the embedding and of the projection MLP's hidden layer. */
    public int embeddingDim() {
        return backbone.embeddingDim();
    }
}
