package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Module;

/** A candidate operation on one edge of a cell: maps a feature map to a feature map. */
public abstract class Op extends Module {
    public abstract NDArray forward(NDArray x, boolean training);

    /**
     * True when the op's output is always zero (the "none" op). A mixed op skips such ops: their
     * contribution is zero, and only their share of the softmax matters.
     */
    public boolean isZero() {
        return false;
    }
}
