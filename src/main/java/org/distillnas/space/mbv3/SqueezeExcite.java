package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;

/**
 * Squeeze-excite with ratio 0.25: {@code x * hsigmoid(W2 relu(W1 avgpool(x) + b1) + b2)}, W1 of
 * shape (r, c) and W2 (c, r) as 1x1 convolutions with bias, r = max(1, floor(c / 4)) where c is the
 * active hidden width (MobileNetV3 gates with the hard sigmoid relu6(z + 3) / 6). Each 1x1
 * convolution on the pooled 1x1 map costs c r MACs.
 */
final class SqueezeExcite extends Module {
    private final Conv2d reduce;
    private final Conv2d expand;

    SqueezeExcite(ParamFactory f, int channels) {
        int r = reduced(channels);
        this.reduce = child("reduce", new Conv2d(f, channels, r, 1, 1, 0, 1, 1, true));
        this.expand = child("expand", new Conv2d(f, r, channels, 1, 1, 0, 1, 1, true));
    }

    /** Channels of the squeezed vector for c hidden channels. */
    static int reduced(int channels) {
        return Math.max(1, channels / 4);
    }

    NDArray forward(NDArray x) {
        Shape s = x.getShape();
        int c = Math.toIntExact(s.get(1));
        int r = reduced(c);
        NDArray z = Fn.globalAvgPool(x).reshape(s.get(0), c, 1, 1);
        z = Conv2d.convolve(z, Slices.to(reduce.weight().value(), new Shape(r, c, 1, 1), x),
                Slices.to(reduce.bias().value(), new Shape(r), x), 1, 0, 1);
        z = Conv2d.convolve(Fn.relu(z), Slices.to(expand.weight().value(), new Shape(c, r, 1, 1), x),
                Slices.to(expand.bias().value(), new Shape(c), x), 1, 0, 1);
        return x.mul(Activation.hardSigmoid(z));
    }
}
