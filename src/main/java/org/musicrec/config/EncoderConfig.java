package org.musicrec.config;

import java.util.List;

/** The self-supervised audio encoder (ResNet + MoCo v2 + genre head) and its training. */
public record EncoderConfig(
        String backbone,
        int embeddingDim,
        int projectionDim,
        int queueSize,
        double momentum,
        double temperature,
        double mocoWeight,
        double genreWeight,
        int epochs,
        int batchSize,
        int microBatchSize,
        double learningRate,
        double weightDecay,
        List<Double> betas,
        String schedule,
        int earlyStoppingPatience,
        double clipSeconds,
        String pretrainedBackbone,
        String encoderVersion) {
    public EncoderConfig {
        Check.oneOf("encoder.backbone", backbone, List.of("resnet50", "resnet18", "narrow"));
        Check.positive("encoder.embedding_dim", embeddingDim);
        Check.positive("encoder.projection_dim", projectionDim);
        Check.positive("encoder.queue_size", queueSize);
        Check.within("encoder.momentum", momentum, 0, 1);
        Check.positive("encoder.temperature", temperature);
        Check.nonNegative("encoder.moco_weight", mocoWeight);
        Check.nonNegative("encoder.genre_weight", genreWeight);
        Check.positive("encoder.epochs", epochs);
        Check.positive("encoder.batch_size", batchSize);
        Check.atLeast("encoder.micro_batch_size", microBatchSize, 0);
        if (queueSize % batchSize != 0) {
            // MoCo enqueues a whole batch of keys at a time: the ring buffer must hold whole batches.
            throw new ConfigException("encoder.queue_size (" + queueSize + ") must be a multiple of encoder.batch_size ("
                    + batchSize + ")");
        }
        Check.positive("encoder.learning_rate", learningRate);
        Check.nonNegative("encoder.weight_decay", weightDecay);
        Check.present("encoder.betas", betas);
        if (betas.size() != 2) {
            throw new ConfigException("encoder.betas must hold two numbers, got " + betas);
        }
        Check.strictlyWithin("encoder.betas[0]", betas.get(0), 0, 1);
        Check.strictlyWithin("encoder.betas[1]", betas.get(1), 0, 1);
        betas = List.copyOf(betas);
        Check.oneOf("encoder.schedule", schedule, List.of("cosine", "constant"));
        Check.atLeast("encoder.early_stopping_patience", earlyStoppingPatience, 0);
        Check.within("encoder.clip_seconds", clipSeconds, 1, 600);
        pretrainedBackbone = pretrainedBackbone == null ? "" : pretrainedBackbone;
        Check.present("encoder.encoder_version", encoderVersion);
        if (encoderVersion.isBlank()) {
            throw new ConfigException("encoder.encoder_version must not be empty");
        }
    }

    public EncoderConfig withEncoderVersion(String v) {
        return new EncoderConfig(backbone, embeddingDim, projectionDim, queueSize, momentum, temperature, mocoWeight,
                genreWeight, epochs, batchSize, microBatchSize, learningRate, weightDecay, betas, schedule, earlyStoppingPatience,
                clipSeconds, pretrainedBackbone, v);
    }

    /**
     * The most samples one forward/backward pass holds: {@code micro_batch_size}, or the whole batch
     * when that is 0 or larger.
     */
    public int effectiveMicroBatch() {
        return microBatchSize == 0 ? batchSize : Math.min(microBatchSize, batchSize);
    }

    public EncoderConfig withMicroBatch(int micro) {
        return new EncoderConfig(backbone, embeddingDim, projectionDim, queueSize, momentum, temperature, mocoWeight,
                genreWeight, epochs, batchSize, micro, learningRate, weightDecay, betas, schedule, earlyStoppingPatience,
                clipSeconds, pretrainedBackbone, encoderVersion);
    }

    public EncoderConfig withTraining(String backbone, int epochs, int batchSize, int queueSize) {
        return new EncoderConfig(backbone, embeddingDim, projectionDim, queueSize, momentum, temperature, mocoWeight,
                genreWeight, epochs, batchSize, microBatchSize, learningRate, weightDecay, betas, schedule, earlyStoppingPatience,
                clipSeconds, pretrainedBackbone, encoderVersion);
    }
}
