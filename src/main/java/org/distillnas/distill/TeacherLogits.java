package org.distillnas.distill;

import ai.djl.ndarray.NDArray;

/**
 * The teachers' outputs for a batch.
 *
 * @param logits (K, R, C): K teachers' logits for R of the batch's samples, without gradient
 * @param rows the batch positions of those R samples, in order; null when every sample of the batch
 *     has teachers (R = batch size)
 */
public record TeacherLogits(NDArray logits, int[] rows) {
    public int teachers() {
        return Math.toIntExact(logits.getShape().get(0));
    }
}
