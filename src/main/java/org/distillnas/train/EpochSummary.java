package org.distillnas.train;

/**
 * What one search epoch measured.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean loss of the weight steps
 * @param trainAcc accuracy of the weight steps on their batches
 * @param archLoss mean loss of the architecture steps (NaN before they start)
 * @param archAcc accuracy of the architecture steps on their batches
 * @param valLoss the supernet's loss on the whole validation split, evaluation mode
 * @param valAcc the supernet's accuracy on the whole validation split
 * @param lr the weights' learning rate in this epoch
 * @param seconds wall time of the epoch
 * @param genotype the architecture the alphas select at the end of the epoch
 */
public record EpochSummary(int epoch, double trainLoss, double trainAcc, double archLoss, double archAcc,
        double valLoss, double valAcc, double lr, double seconds, String genotype) {}
