package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.ParamFactory;

/** ReLU, convolution, BatchNorm: NAS-Bench-201's nor_conv and the cells' 1x1 preprocessing. */
public final class ReluConvBn extends Op {
    private final Conv2d conv;
    private final BatchNorm2d bn;

    public ReluConvBn(ParamFactory f, int in, int out, int kernel, int stride, int padding, boolean affine) {
        this(f, in, out, kernel, stride, padding, affine, true);
    }

    public ReluConvBn(ParamFactory f, int in, int out, int kernel, int stride, int padding, boolean affine,
            boolean trackRunningStats) {
        conv = child("conv", new Conv2d(f, in, out, kernel, stride, padding));
        bn = child("bn", new BatchNorm2d(f, out, affine, trackRunningStats));
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        return bn.forward(conv.forward(in.relu()), training);
    }
}
