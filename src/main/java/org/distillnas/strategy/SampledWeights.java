package org.distillnas.strategy;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.nn.Param;
import org.distillnas.train.optim.Sgd;
import org.distillnas.util.NamedArrays;

/**
 * The weight update of a sampling step, shared by its strategies: gradient value clip, global norm
 * clip, then SGD on the parameters the step's subnets used (the others keep their values and
 * momentum, as with PyTorch's {@code zero_grad(set_to_none=True)}). Holds the optimizer state a
 * checkpoint saves.
 */
public final class SampledWeights {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sgd sgd;
    private final double gradClip;
    private final double gradClipValue;
    private long skipped;

    /**
     * @param gradClip global L2-norm clip (0: off)
     * @param gradClipValue element-wise clip to [-v, v] (0: off), applied before the norm clip
     */
    public SampledWeights(double momentum, double weightDecay, boolean nesterov, double gradClip, double gradClipValue) {
        this(momentum, weightDecay, nesterov, gradClip, gradClipValue, false);
    }

    /** @param noDecayNormOrBias no weight decay on BatchNorm scales and shifts and on biases */
    public SampledWeights(double momentum, double weightDecay, boolean nesterov, double gradClip, double gradClipValue,
            boolean noDecayNormOrBias) {
        this.sgd = new Sgd(momentum, weightDecay, nesterov, noDecayNormOrBias ? name -> !Sgd.isNormOrBias(name) : name -> true);
        this.gradClip = gradClip;
        this.gradClipValue = gradClipValue;
    }

    /**
     * Clips and applies the accumulated gradients of {@code used}, then zeroes them. A step whose
     * gradients are not finite is skipped (gradients zeroed, weights and momentum untouched) and
     * counted, as mixed-precision training skips overflowing steps. A safety net: a backward pass
     * that read a scalar operand DJL had already freed once gave NaN gradients after a finite
     * forward pass (see docs/RELIABILITY.md and {@code nn.Fn.scalar}), and one such step turns every
     * weight into NaN for the rest of the run.
     *
     * @return whether the update was applied
     */
    public boolean step(Map<String, Param> used, double lr) {
        if (gradClipValue > 0) {
            for (Param p : used.values()) {
                NDArray g = p.gradientOrNull();
                if (g != null) {
                    try (NDArray clipped = g.clip(-gradClipValue, gradClipValue)) {
                        g.muli(0).addi(clipped);
                    }
                }
            }
        }
        // NaN survives the value clip; the norm clip measures the norm anyway
        double norm = gradClip > 0 ? Grads.clipNorm(used, gradClip) : Grads.gradientNorm(used);
        if (!Double.isFinite(norm)) {
            used.values().forEach(Param::zeroGradient);
            skipped++;
            return false;
        }
        sgd.step(used, lr);
        return true;
    }

    /** Steps skipped for non-finite gradients since the run started. */
    public long skipped() {
        return skipped;
    }

    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        sgd.state().forEach((k, v) -> out.put("optim.weights." + k, v));
        return out;
    }

    public JsonNode stateJson() {
        return JSON.createObjectNode().put("skipped_steps", skipped);
    }

    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        sgd.loadState(NamedArrays.under(arrays, "optim.weights."));
        skipped = json.path("skipped_steps").asLong(0);
    }
}
