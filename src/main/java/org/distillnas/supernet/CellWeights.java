package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;

/**
 * The architecture weights that mix one cell type's edges in a forward pass, as scalar arrays of
 * the caller's scope.
 *
 * @param ops per edge, one weight per candidate op in the edge's op order: softmax(alpha)
 *     (DARTS, Eq. 2), or a fixed one-hot selection
 * @param edges per edge, the edge's weight in the sum that forms its target node: with PC-DARTS's
 *     edge normalisation the softmax of beta over that node's incoming edges (Xu et al. 2020,
 *     Sec. 3.3); null when edges are summed unweighted (DARTS)
 */
public record CellWeights(NDArray[][] ops, NDArray[] edges) {
    /** The op weights of edge {@code e}. */
    public NDArray[] ops(int e) {
        return ops[e];
    }

    /** The weight of edge {@code e} in its node's sum, or null (weight 1). */
    public NDArray edge(int e) {
        return edges == null ? null : edges[e];
    }
}
