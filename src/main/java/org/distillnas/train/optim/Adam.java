package org.distillnas.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.nn.Param;

/**
 * Adam with L2 weight decay added to the gradient, as PyTorch's {@code torch.optim.Adam}:
 * {@code g = grad + wd * w; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
public final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();

    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(Map<String, Param> params, double lr) {
        try (NDScope scope = new NDScope()) {
            params.forEach((name, p) -> {
                NDArray grad = p.gradientOrNull();
                if (grad == null) {
                    return;
                }
                NDArray w = p.value();
                NDArray g = weightDecay == 0 ? grad : grad.add(w.mul(weightDecay));
                NDArray m = means.get(name);
                NDArray v = variances.get(name);
                if (m == null) {
                    m = w.zerosLike();
                    v = w.zerosLike();
                    NDScope.unregister(m, v);
                    means.put(name, m);
                    variances.put(name, v);
                }
                long t = steps.merge(name, 1L, Long::sum);
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().muli(1 - beta2));
                double c1 = 1 - Math.pow(beta1, t);
                double c2 = 1 - Math.pow(beta2, t);
                NDArray denom = v.div(c2).sqrt().addi(eps);
                w.subi(m.div(denom).muli(lr / c1));
                p.zeroGradient();
            });
        }
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        means.forEach((name, a) -> out.put(name + "#exp_avg", a));
        variances.forEach((name, a) -> out.put(name + "#exp_avg_sq", a));
        return out;
    }

    /** Steps taken per parameter, for the bias corrections. */
    @Override
    public Map<String, Long> counters() {
        return new LinkedHashMap<>(steps);
    }

    @Override
    public void loadCounters(Map<String, Long> counts) {
        steps.clear();
        steps.putAll(counts);
    }

    @Override
    public void loadState(Map<String, NDArray> state) {
        OptimizerState.restore(state, "#exp_avg", means);
        OptimizerState.restore(state, "#exp_avg_sq", variances);
    }
}
