package org.distillnas.step;

/**
 * Where a search step stands and the learning rates to use.
 *
 * @param epoch 0-based epoch
 * @param step 0-based step within the epoch
 * @param globalStep 0-based step since the start of the search
 * @param weightLr learning rate of the network weights for this epoch
 * @param archLr learning rate of the architecture weights
 */
public record StepContext(int epoch, int step, long globalStep, double weightLr, double archLr) {}
