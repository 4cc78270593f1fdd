package org.musicrec.train;

import java.util.List;

/**
 * Where encoder training stands, saved in every checkpoint so {@code --resume} continues exactly:
 * the next epoch's batches follow from (seed, epoch), so no RNG object needs saving.
 *
 * @param epochsDone      completed epochs
 * @param globalStep      optimiser steps taken (drives the cosine schedule)
 * @param bestValLoss     best validation loss so far
 * @param epochsSinceBest epochs without improvement (early stopping)
 */
public record TrainerState(int epochsDone, long globalStep, double bestValLoss, int epochsSinceBest,
                           String encoderVersion, String backbone, List<EpochMetrics> history) {
    public TrainerState {
        history = List.copyOf(history);
    }

    public static TrainerState fresh(String encoderVersion, String backbone) {
        return new TrainerState(0, 0, Double.MAX_VALUE, 0, encoderVersion, backbone, List.of());
    }
}
