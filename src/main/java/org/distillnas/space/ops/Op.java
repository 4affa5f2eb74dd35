package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import java.util.List;
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
     * {@code weight * op(in)} as the fused path of a supernet computes it: where the op ends in a
     * BatchNorm, the weight is folded into its gamma and beta (C-sized products instead of a product
     * over the whole output). Equal to {@link #forwardWeighted} up to rounding.
     */
    public NDArray forwardFolded(OpInput in, NDArray weight, boolean training) {
        return forwardWeighted(in, weight, training);
    }

    /**
     * Ops whose keys are equal and not null compute the same function of the same input up to their
     * own parameters, so that several of them on one input (the edges leaving a node) can be
     * computed together by {@link #fuse}. Null (the default): the op is computed alone.
     */
    public Object fusionKey() {
        return null;
    }

    /**
     * The computation of {@code ops} (each with this op's {@link #fusionKey}) on one input at once.
     * The default computes them one by one.
     */
    public FusedOps fuse(List<Op> ops) {
        List<Op> copy = List.copyOf(ops);
        return (in, weights, training) -> {
            NDArray[] out = new NDArray[copy.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = copy.get(k).forwardFolded(in, weights[k], training);
            }
            return out;
        };
    }

    /**
     * True when the op's output is always zero (the "none" op). A mixed op skips such ops: their
     * contribution is zero, and only their share of the softmax matters.
     */
    public boolean isZero() {
        return false;
    }
}
