package org.distillnas.train;

/**
 * The loop's own settings.
 *
 * @param epochs epochs to run
 * @param lr initial learning rate of the network weights (cosine-annealed per epoch)
 * @param lrMin final learning rate
 * @param archLr learning rate of architecture weights (searches; 0 otherwise)
 * @param logEvery a step line in metrics.jsonl every N steps
 */
public record LoopConfig(int epochs, double lr, double lrMin, double archLr, int logEvery) {}
