package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;

/**
 * Several ops of one kind ({@link Op#fusionKey}) computed together on one input, as the edges that
 * leave one node of a supernet cell apply them: the same function as computing each op alone, with
 * the shared work done once.
 */
@FunctionalInterface
public interface FusedOps {
    /**
     * @param weights per op, the scalar its output is multiplied by
     * @return per op, {@code weights[k] * op_k(in)}
     */
    NDArray[] forward(OpInput in, NDArray[] weights, boolean training);
}
