package org.distillnas.distill;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy against a soft target, the distillation term of Cream of the Crop (Peng et al.
 * 2020), with no temperature:
 *
 * <pre>
 *   L = -1/N sum_n sum_c p_nc log softmax(z_n)_c
 * </pre>
 *
 * <p>It differs from {@code KL(p || q)} by the teacher's entropy, which does not depend on the
 * student, so both give the same gradient {@code dL/dz_nc = (q_nc - p_nc) / N}; the value is the
 * one Cream's logs show.
 */
public final class SoftTargetCrossEntropy implements DistillationLoss {
    @Override
    public NDArray loss(NDArray studentLogits, NDArray teacherProbs) {
        return teacherProbs.mul(studentLogits.logSoftmax(1)).sum(new int[] {1}).mean().neg();
    }
}
