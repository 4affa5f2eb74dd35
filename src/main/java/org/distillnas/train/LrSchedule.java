package org.distillnas.train;

/**
 * Cosine annealing per epoch, as PyTorch's {@code CosineAnnealingLR(T_max = epochs, eta_min)}
 * stepped once per epoch, after an optional linear warm-up of W epochs:
 *
 * <pre>
 *   lr(e) = max * (e + 1) / (W + 1)                                        e &lt; W
 *   lr(e) = min + (max - min) * (1 + cos(pi * (e - W) / (E - W))) / 2      e &gt;= W
 * </pre>
 *
 * (W = 0: plain cosine annealing over the E epochs.)
 */
public record LrSchedule(double max, double min, int epochs, int warmupEpochs) {
    public LrSchedule(double max, double min, int epochs) {
        this(max, min, epochs, 0);
    }

    public double at(int epoch) {
        if (epoch < warmupEpochs) {
            return max * (epoch + 1) / (warmupEpochs + 1);
        }
        int span = epochs - warmupEpochs;
        if (span <= 0) {
            return max;
        }
        return min + (max - min) * (1 + Math.cos(Math.PI * (epoch - warmupEpochs) / span)) / 2;
    }
}
