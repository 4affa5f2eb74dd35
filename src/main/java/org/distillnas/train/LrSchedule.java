package org.distillnas.train;

/**
 * Cosine annealing per epoch, as PyTorch's {@code CosineAnnealingLR(T_max = epochs, eta_min)}
 * stepped once per epoch: {@code lr(e) = min + (max - min) * (1 + cos(pi * e / E)) / 2}.
 */
public record LrSchedule(double max, double min, int epochs) {
    public double at(int epoch) {
        if (epochs <= 0) {
            return max;
        }
        return min + (max - min) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    }
}
