package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.ParamFactory;

/**
 * ReLU, depthwise (optionally dilated) convolution, pointwise convolution, BatchNorm. With
 * dilation 2 it is the DARTS space's dil_conv; with dilation 1 it is one half of a sep_conv.
 */
public final class DilConv extends Op {
    private final Conv2d depthwise;
    private final Conv2d pointwise;
    private final BatchNorm2d bn;

    public DilConv(ParamFactory f, int in, int out, int kernel, int stride, int padding, int dilation,
            boolean affine) {
        this(f, in, out, kernel, stride, padding, dilation, affine, true);
    }

    public DilConv(ParamFactory f, int in, int out, int kernel, int stride, int padding, int dilation,
            boolean affine, boolean trackRunningStats) {
        depthwise = child("depthwise", new Conv2d(f, in, in, kernel, stride, padding, dilation, in, false));
        pointwise = child("pointwise", new Conv2d(f, in, out, 1, 1, 0, 1, 1, false));
        bn = child("bn", new BatchNorm2d(f, out, affine, trackRunningStats));
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        return bn.forward(pointwise.forward(depthwise.forward(in.relu())), training);
    }

    @Override
    public NDArray forwardFolded(OpInput in, NDArray weight, boolean training) {
        return bn.forwardScaled(pointwise.forward(depthwise.forward(in.relu())), weight, training);
    }
}
