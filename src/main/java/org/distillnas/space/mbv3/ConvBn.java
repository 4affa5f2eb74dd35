package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;

/**
 * A convolution without bias followed by affine BatchNorm, run at any size up to the one it was
 * built with: the first output and input channels, the centre of the kernel ({@link Slices}), and
 * BatchNorm over the active channels only. Padding is k / 2 (the output size does not depend on k).
 */
final class ConvBn extends Module {
    private final Conv2d conv;
    private final BatchNorm2d bn;
    private final boolean depthwise;

    /**
     * @param depthwise one group per channel (in = out): the weight has shape (c, 1, k, k)
     */
    ConvBn(ParamFactory f, int in, int out, int kernel, int stride, boolean depthwise) {
        this.conv = child("conv", new Conv2d(f, in, out, kernel, stride, kernel / 2, 1, depthwise ? out : 1, false));
        this.bn = child("bn", new BatchNorm2d(f, out, true));
        this.depthwise = depthwise;
    }

    /**
     * @param x NCHW with c_in channels (depthwise: c_in = out)
     * @return N x out x H' x W', H' = (H - 1) / stride + 1
     */
    NDArray forward(NDArray x, int out, int kernel, int stride, boolean training) {
        long in = depthwise ? 1 : x.getShape().get(1);
        NDArray w = Slices.to(conv.weight().value(), new Shape(out, in, kernel, kernel), x);
        NDArray y = Conv2d.convolve(x, w, null, stride, kernel / 2, depthwise ? out : 1);
        return bn.forward(y, training);
    }
}
