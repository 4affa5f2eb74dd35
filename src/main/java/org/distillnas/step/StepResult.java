package org.distillnas.step;

/**
 * What one search step measured, on the batches it trained on.
 *
 * @param trainLoss loss of the weight step (NaN when the step made none)
 * @param trainCorrect correct predictions in the weight step's batch
 * @param trainCount samples in the weight step's batch
 * @param valLoss loss of the architecture step (NaN when the step made none)
 * @param valCorrect correct predictions in the architecture step's batch
 * @param valCount samples in the architecture step's batch
 */
public record StepResult(double trainLoss, long trainCorrect, int trainCount, double valLoss, long valCorrect,
        int valCount) {}
