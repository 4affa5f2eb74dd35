package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Locale;
import org.distillnas.nn.Fn;
import org.distillnas.nn.ScriptedOps;

/** The activations of MobileNetV3-style blocks, by their names in space files. */
public enum Activation {
    /** max(x, 0). */
    RELU,
    /** Swish (SiLU): x * sigmoid(x), as EfficientNet, Cream and AttentiveNAS use. */
    SWISH,
    /** Hard swish: x * relu6(x + 3) / 6, MobileNetV3's cheap approximation of Swish. */
    HSWISH;

    /** The activation of {@code x}: libtorch's fused kernel where there is one ({@link ScriptedOps}). */
    public NDArray apply(NDArray x) {
        if (this == RELU) {
            return Fn.relu(x);
        }
        NDArray fused = ScriptedOps.apply(this == SWISH ? ScriptedOps.Op.SILU : ScriptedOps.Op.HARDSWISH, x);
        return fused != null ? fused : composite(x);
    }

    /** The activation composed of DJL's element-wise ops (the fallback, and the tests' reference). */
    public NDArray composite(NDArray x) {
        return switch (this) {
            case RELU -> Fn.relu(x);
            case SWISH -> x.mul(ai.djl.nn.Activation.sigmoid(x));
            case HSWISH -> x.mul(hardSigmoidComposite(x));
        };
    }

    /** relu6(x + 3) / 6: the squeeze-excite gate of MobileNetV3 and the factor of hard swish. */
    public static NDArray hardSigmoid(NDArray x) {
        NDArray fused = ScriptedOps.apply(ScriptedOps.Op.HARDSIGMOID, x);
        return fused != null ? fused : hardSigmoidComposite(x);
    }

    /** The hard sigmoid composed of DJL's ops. */
    public static NDArray hardSigmoidComposite(NDArray x) {
        // the divisor as an array that lives to backward (Fn.scalar says why)
        return x.add(3f).clip(0f, 6f).div(Fn.scalar(x, 6));
    }

    /** The name in space files: relu, swish, hswish. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation called {@code label}, or null when there is none of that name. */
    public static Activation byLabel(String label) {
        return Arrays.stream(values()).filter(a -> a.label().equals(label)).findFirst().orElse(null);
    }
}
