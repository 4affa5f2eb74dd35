package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Fn;

/**
 * A node's feature map as its outgoing ops see it. Most candidate ops begin with a ReLU of the
 * same input; computing it once per node instead of once per op saves a full-size activation and
 * its backward pass for every other op on every edge leaving the node (mathematically identical).
 */
public final class OpInput {
    private final NDArray x;
    private NDArray relu;

    public OpInput(NDArray x) {
        this.x = x;
    }

    public NDArray x() {
        return x;
    }

    /** ReLU(x), computed on first use and shared afterwards. */
    public NDArray relu() {
        if (relu == null) {
            relu = Fn.relu(x);
        }
        return relu;
    }
}
