package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Module;

/** A candidate operation on one edge of a cell: maps a feature map to a feature map. */
public abstract class Op extends Module {
    public NDArray forward(NDArray x, boolean training) {
        return forward(new OpInput(x), training);
    }

    /** The op on a node's input; ops that begin with a ReLU take the node's shared ReLU. */
    public abstract NDArray forward(OpInput in, boolean training);

    /**
     * {@code weight * op(in)}, the op's term in a mixed op. Ops whose output is scaled anyway may
     * fold the weight into a smaller tensor.
     */
    public NDArray forwardWeighted(OpInput in, NDArray weight, boolean training) {
        return forward(in, training).mul(weight);
    }

    /**
     * True when the op's output is always zero (the "none" op). A mixed op skips such ops: their
     * contribution is zero, and only their share of the softmax matters.
     */
    public boolean isZero() {
        return false;
    }
}
