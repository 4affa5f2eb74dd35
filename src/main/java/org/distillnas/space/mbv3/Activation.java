package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Locale;
import org.distillnas.nn.Fn;

/** The activations of MobileNetV3-style blocks, by their names in space files. */
public enum Activation {
    /** max(x, 0). */
    RELU,
    /** Swish (SiLU): x * sigmoid(x), as EfficientNet, Cream and AttentiveNAS use. */
    SWISH,
    /** Hard swish: x * relu6(x + 3) / 6, MobileNetV3's cheap approximation of Swish. */
    HSWISH;

    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> Fn.relu(x);
            case SWISH -> x.mul(ai.djl.nn.Activation.sigmoid(x));
            case HSWISH -> x.mul(hardSigmoid(x));
        };
    }

    /** relu6(x + 3) / 6: the squeeze-excite gate of MobileNetV3 and the factor of hard swish. */
    public static NDArray hardSigmoid(NDArray x) {
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
