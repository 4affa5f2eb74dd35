package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.ops.ReluConvBn;

/**
 * NAS-Bench-201's reduction block between stages: a stride-2 basic residual block whose shortcut
 * is 2x2 average pooling followed by a 1x1 convolution.
 */
final class ResidualBlock extends Module {
    private final ReluConvBn a;
    private final ReluConvBn b;
    private final Conv2d shortcut;

    ResidualBlock(ParamFactory f, int in, int out) {
        a = child("conv_a", new ReluConvBn(f, in, out, 3, 2, 1, true));
        b = child("conv_b", new ReluConvBn(f, out, out, 3, 1, 1, true));
        shortcut = child("downsample", new Conv2d(f, in, out, 1, 1, 0));
    }

    NDArray forward(NDArray x, boolean training) {
        NDArray residual = b.forward(a.forward(x, training), training);
        return residual.add(shortcut.forward(Fn.avgPool(x, 2, 2, 0)));
    }
}
