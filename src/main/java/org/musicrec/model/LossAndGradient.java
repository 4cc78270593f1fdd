package org.musicrec.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scalar loss and its gradient with respect to the loss function's input.
 *
 * @param loss     the loss (a mean, see each loss)
 * @param gradient dLoss/dInput, same shape as the input
 */
public record LossAndGradient(double loss, INDArray gradient) {
}
