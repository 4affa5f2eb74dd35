package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.ParamFactory;

/**
 * The DARTS space's separable convolution: two stacked ReLU-depthwise-pointwise-BN blocks, the first
 * carrying the stride.
 */
public final class SepConv extends Op {
    private final DilConv first;
    private final DilConv second;

    public SepConv(ParamFactory f, int in, int out, int kernel, int stride, int padding, boolean affine) {
        this(f, in, out, kernel, stride, padding, affine, true);
    }

    public SepConv(ParamFactory f, int in, int out, int kernel, int stride, int padding, boolean affine,
            boolean trackRunningStats) {
        first = child("first", new DilConv(f, in, in, kernel, stride, padding, 1, affine, trackRunningStats));
        second = child("second", new DilConv(f, in, out, kernel, 1, padding, 1, affine, trackRunningStats));
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        return second.forward(first.forward(in, training), training);
    }

    @Override
    public NDArray forwardFolded(OpInput in, NDArray weight, boolean training) {
        return second.forwardFolded(new OpInput(first.forward(in, training)), weight, training);
    }
}
