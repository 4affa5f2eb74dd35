package org.distillnas.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A fully connected layer {@code y = x W^T + b}, initialised as PyTorch's nn.Linear. */
public final class Linear extends Module {
    private final Param weight;
    private final Param bias;

    public Linear(ParamFactory f, int in, int out) {
        this.weight = param("weight", f.weight(new Shape(out, in)));
        this.bias = param("bias", f.bias(out, in));
    }

    public NDArray forward(NDArray x) {
        if (CostMeter.active()) {
            Shape w = weight.value().getShape();
            CostMeter.add(w.get(0) * w.get(1));
        }
        return ai.djl.nn.core.Linear.linear(x, weight.value(), bias.value()).singletonOrThrow();
    }
}
