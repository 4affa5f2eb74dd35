package org.distillnas.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.distillnas.nn.Param;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, with PyTorch's semantics:
 * {@code g = grad + wd * w; b = mu * b + g (b = g at the first step); w -= lr * (nesterov ? g + mu * b : b)}.
 */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final Predicate<String> decayed;

    public Sgd(double momentum, double weightDecay, boolean nesterov) {
        this(momentum, weightDecay, nesterov, name -> true);
    }

    /** @param decayed which parameters (by name) weight decay applies to; the others get none */
    public Sgd(double momentum, double weightDecay, boolean nesterov, Predicate<String> decayed) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.decayed = decayed;
    }

    /**
     * Whether a parameter is a BatchNorm scale or shift or a bias, by its name ({@code ...bn.weight},
     * {@code ...bn.bias}, {@code ...bias}): what AlphaNet and many ImageNet recipes exempt from weight
     * decay.
     */
    public static boolean isNormOrBias(String name) {
        return name.endsWith("bias") || name.endsWith("bn.weight");
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }

    private NDArray buf(String name) {
        return buffers.get(name);
    }

    /** The momentum buffer of a parameter, or null before its first update. */
    public NDArray buffer(String name) {
        return buffers.get(name);
    }

    @Override
    public void step(Map<String, Param> params, double lr) {
        try (NDScope scope = new NDScope()) {
            // DJL turns every Java scalar operand into a new native tensor; make each hyperparameter
            // a tensor once per step (per dtype), not once per parameter tensor and operation
            Map<DataType, NDArray[]> scalars = new EnumMap<>(DataType.class);
            params.forEach((name, p) -> {
                NDArray grad = p.gradientOrNull();
                if (grad == null) {
                    return;
                }
                NDArray w = p.value();
                NDArray[] c = scalars.computeIfAbsent(w.getDataType(), t -> new NDArray[] {
                        scalar(w, weightDecay), scalar(w, momentum), scalar(w, lr)});
                // the gradient buffer is zeroed after the update, so it serves as scratch space
                NDArray g = weightDecay == 0 || !decayed.test(name) ? grad : grad.addi(w.mul(c[0]));
                NDArray update = g;
                if (momentum != 0) {
                    NDArray buf = buffers.get(name);
                    if (buf == null) {
                        buf = g.duplicate();
                        NDScope.unregister(buf);
                        buffers.put(name, buf);
                    } else {
                        buf.muli(c[1]).addi(g);
                    }
                    update = nesterov ? g.addi(buf.mul(c[1])) : buf;
                }
                w.subi(update == buf(name) ? update.mul(c[2]) : update.muli(c[2]));
                p.zeroGradient();
            });
        }
    }

    private static NDArray scalar(NDArray like, double v) {
        NDManager m = like.getManager();
        return like.getDataType() == DataType.FLOAT32 ? m.create((float) v) : m.create(v);
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        buffers.forEach((name, b) -> out.put(name + "#momentum", b));
        return out;
    }

    @Override
    public void loadState(Map<String, NDArray> state) {
        OptimizerState.restore(state, "#momentum", buffers);
    }
}
