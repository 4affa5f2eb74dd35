package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Fn;
import org.distillnas.train.Losses;

/**
 * The loss of a path that learns from a prioritized path (Cream of the Crop, Peng et al. 2020,
 * Eq. 6 as in its reference code): the labels' cross-entropy and the distillation term weighted by
 * the matching network's rho,
 *
 * <pre>
 *   L = (rho * KD(z, p_teacher) + (2 - rho) * CE(z, y)) / 2,   rho = sigmoid(-score)
 * </pre>
 *
 * with KD the {@link SoftTargetCrossEntropy} to the teacher's softmax (temperature 1). rho = 1
 * weights both terms equally; rho -> 0 leaves only the labels. rho is a number here, not an array:
 * the training step does not differentiate it (the matching network learns by the look-ahead of
 * {@code strategy.cream}).
 */
public final class PrioritizedPathLoss {
    private static final SoftTargetCrossEntropy KD = new SoftTargetCrossEntropy();

    private PrioritizedPathLoss() {}

    /**
     * @param logits (N, C) the student path's logits
     * @param labels (N) class indices
     * @param teacherProbs (N, C) the teacher path's softmax, without gradient
     * @param rho the weight of the distillation term, in [0, 1]
     */
    public static NDArray loss(NDArray logits, NDArray labels, NDArray teacherProbs, double rho) {
        NDArray kd = KD.loss(logits, teacherProbs);
        NDArray ce = Losses.crossEntropy(logits, labels);
        return kd.mul(Fn.scalar(kd, rho / 2)).add(ce.mul(Fn.scalar(ce, (2 - rho) / 2)));
    }
}
