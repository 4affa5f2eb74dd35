package org.distillnas.strategy.sandwich;

import ai.djl.ndarray.NDArray;
import org.distillnas.train.Losses;

/**
 * The loss of one subnet in a sandwich step. The largest subnet runs first; its logits, detached,
 * are handed to the losses of the others, which is where in-place distillation (AlphaNet) plugs in.
 */
@FunctionalInterface
public interface SandwichLoss {
    /**
     * @param largest whether this is the step's largest subnet (the one that could teach)
     * @param logits this subnet's logits
     * @param labels the batch's labels
     * @param teacher the largest subnet's logits of this batch, detached (null for the largest itself)
     */
    NDArray loss(boolean largest, NDArray logits, NDArray labels, NDArray teacher);

    /**
     * Cross-entropy on the labels for every subnet: the sandwich rule without distillation.
     *
     * @param largestSmoothing label smoothing of the largest subnet's cross-entropy (0: none)
     */
    static SandwichLoss labels(double largestSmoothing) {
        return (largest, logits, labels, teacher) ->
                Losses.crossEntropy(logits, labels, largest ? largestSmoothing : 0);
    }
}
