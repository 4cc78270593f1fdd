package org.musicrec.train;

/** One epoch of encoder training: mean losses over its steps and on the validation songs. */
public record EpochMetrics(int epoch, double trainLoss, double trainMoco, double trainBce, double valLoss,
                           double valMoco, double valBce, double learningRate, double seconds, double samplesPerSecond) {
    public static final String CSV_HEADER =
            "epoch,train_loss,train_moco,train_bce,val_loss,val_moco,val_bce,lr,seconds,samples_per_s";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3e,%.1f,%.2f", epoch, trainLoss,
                trainMoco, trainBce, valLoss, valMoco, valBce, learningRate, seconds, samplesPerSecond);
    }
}
