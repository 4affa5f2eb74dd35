package org.distillnas.strategy.alphanet;

import ai.djl.ndarray.NDArray;
import org.distillnas.distill.DistillationLoss;
import org.distillnas.strategy.sandwich.SandwichLoss;
import org.distillnas.train.Losses;

/**
 * In-place distillation (Yu et al. 2020; AlphaNet, Wang et al. 2021): in a sandwich step the
 * largest subnet learns from the labels, with label smoothing, and every other subnet learns only
 * from the largest one's detached prediction of the same batch:
 *
 * <pre>
 *   L_largest = (1 - eps) CE(z_max, y) - eps/K sum_k log softmax(z_max)_k
 *   L_s       = D(softmax(stopgrad(z_max)) || softmax(z_s))        every other subnet s
 * </pre>
 *
 * with D the distillation layer's loss ({@code --kd-loss}: AlphaNet's adaptive alpha-divergence,
 * a fixed alpha, or KL). The teacher is not softened (temperature 1), as in AlphaNet.
 */
public final class InplaceDistillation implements SandwichLoss {
    private final double labelSmoothing;
    private final DistillationLoss kd;

    /**
     * @param labelSmoothing eps of the largest subnet's cross-entropy (AlphaNet: 0.1)
     * @param kd the loss of the other subnets against the largest one's softmax
     */
    public InplaceDistillation(double labelSmoothing, DistillationLoss kd) {
        this.labelSmoothing = labelSmoothing;
        this.kd = kd;
    }

    @Override
    public NDArray loss(boolean largest, NDArray logits, NDArray labels, NDArray teacher) {
        if (largest) {
            return Losses.crossEntropy(logits, labels, labelSmoothing);
        }
        return kd.loss(logits, teacher.stopGradient().softmax(1));
    }
}
