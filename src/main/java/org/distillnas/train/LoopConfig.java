package org.distillnas.train;

/**
 * The loop's own settings.
 *
 * @param epochs epochs to run
 * @param lr initial learning rate of the network weights (cosine-annealed per epoch)
 * @param lrMin final learning rate
 * @param archLr learning rate of architecture weights (searches; 0 otherwise)
 * @param logEvery a step line in metrics.jsonl every N steps
 * @param seed the run's seed: with the global step it reseeds libtorch's generator before every
 *     step ({@link org.distillnas.util.EngineRandom}), the source of the noise op's tensors
 */
public record LoopConfig(int epochs, double lr, double lrMin, double archLr, int logEvery, long seed,
        int lrWarmupEpochs) {
    /** Settings without a learning-rate warm-up. */
    public LoopConfig(int epochs, double lr, double lrMin, double archLr, int logEvery, long seed) {
        this(epochs, lr, lrMin, archLr, logEvery, seed, 0);
    }

    /** Settings with seed 0. */
    public LoopConfig(int epochs, double lr, double lrMin, double archLr, int logEvery) {
        this(epochs, lr, lrMin, archLr, logEvery, 0);
    }
}
