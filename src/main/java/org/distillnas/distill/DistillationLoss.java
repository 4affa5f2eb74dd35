package org.distillnas.distill;

import ai.djl.ndarray.NDArray;

/**
 * A distillation loss: how far a student's predictions are from a teacher's target distribution.
 *
 * <p>Implementations are pure functions of their two arguments: the target is a probability
 * vector per sample (one teacher's softmax, or several teachers' outputs aggregated by a
 * {@link Voting} rule) and carries no gradient; the result is differentiable with respect to the
 * student's logits. {@link KlDistillationLoss} is Hinton's temperature-scaled KL divergence (used by
 * SD-DARTS); AlphaNet's adaptive alpha-divergence and Cream's cross-entropy to a board teacher are
 * further implementations of the same contract.
 */
@FunctionalInterface
public interface DistillationLoss {
    /**
     * @param studentLogits (N, C) raw logits of the student, differentiable
     * @param teacherProbs (N, C) target probabilities, rows summing to 1, without gradient
     * @return a scalar: the loss averaged over the N samples
     */
    NDArray loss(NDArray studentLogits, NDArray teacherProbs);
}
