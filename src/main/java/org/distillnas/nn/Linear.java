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

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    public NDArray forward(NDArray x) {
        return apply(x, weight.value(), bias.value());
    }

    /**
     * {@code x W^T + b} with given weights (e.g. the first inputs and outputs of a larger layer),
     * counted by an open {@link CostMeter} as out x in MACs per sample.
     *
     * @param weight shape (out, in)
     * @param bias shape (out)
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        if (CostMeter.active()) {
            Shape w = weight.getShape();
            CostMeter.add(w.get(0) * w.get(1));
        }
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
