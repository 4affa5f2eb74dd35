package org.distillnas.train;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean loss of the weight steps
 * @param trainAcc accuracy of the weight steps on their batches
 * @param archLoss mean loss of the architecture steps (NaN before they start)
 * @param archAcc accuracy of the architecture steps on their batches
 * @param valLoss the model's loss on the evaluation split (search: validation; retraining: test)
 * @param valAcc the model's accuracy on the evaluation split
 * @param valTop5 top-5 accuracy of the same evaluation
 * @param lr the weights' learning rate in this epoch
 * @param seconds wall time of the epoch
 * @param genotype the architecture the alphas select at the end of the epoch (searches), or null
 * @param extras task-specific measurements (sharpness), written into the metrics line
 */
public record EpochSummary(int epoch, double trainLoss, double trainAcc, double archLoss, double archAcc,
        double valLoss, double valAcc, double valTop5, double lr, double seconds, String genotype,
        java.util.Map<String, Object> extras) {}
