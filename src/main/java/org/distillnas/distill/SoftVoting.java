package org.distillnas.distill;

import ai.djl.ndarray.NDArray;

/** Soft voting: the mean of the teachers' probabilities, {@code p_nc = 1/K sum_k p_knc}. */
public final class SoftVoting implements Voting {
    @Override
    public NDArray aggregate(NDArray teacherProbs) {
        return teacherProbs.mean(new int[] {0});
    }
}
