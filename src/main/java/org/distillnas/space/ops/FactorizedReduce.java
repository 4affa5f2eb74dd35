package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.ParamFactory;

/**
 * Halves the spatial size without losing every other pixel: two stride-2 1x1 convolutions, one on
 * the input and one on the input shifted by one pixel, each giving half the output channels,
 * concatenated and normalised. skip_connect at stride 2 in the DARTS space.
 */
public final class FactorizedReduce extends Op {
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final BatchNorm2d bn;

    public FactorizedReduce(ParamFactory f, int in, int out, boolean affine) {
        this(f, in, out, affine, true);
    }

    public FactorizedReduce(ParamFactory f, int in, int out, boolean affine, boolean trackRunningStats) {
        if (out % 2 != 0) {
            throw new IllegalArgumentException("FactorizedReduce needs an even channel count, got " + out);
        }
        conv1 = child("conv1", new Conv2d(f, in, out / 2, 1, 2, 0));
        conv2 = child("conv2", new Conv2d(f, in, out / 2, 1, 2, 0));
        bn = child("bn", new BatchNorm2d(f, out, affine, trackRunningStats));
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        return bn.forward(reduce(in), training);
    }

    @Override
    public NDArray forwardFolded(OpInput in, NDArray weight, boolean training) {
        return bn.forwardScaled(reduce(in), weight, training);
    }

    private NDArray reduce(OpInput in) {
        NDArray r = in.relu();
        NDArray a = conv1.forward(r);
        NDArray shifted = r.get(new NDIndex(":, :, 1:, 1:"));
        NDArray b = conv2.forward(shifted);
        if (!b.getShape().equals(a.getShape())) {
            // odd input size: the shifted branch is one pixel smaller; pad it back at the far side
            b = padTo(b, a.getShape().get(2), a.getShape().get(3));
        }
        return a.concat(b, 1);
    }

    /** Zero-pads {@code b} at the bottom and right to {@code h} x {@code w}. */
    private static NDArray padTo(NDArray b, long h, long w) {
        Shape s = b.getShape();
        NDArray out = b;
        if (s.get(2) < h) {
            out = out.concat(b.getManager().zeros(new Shape(s.get(0), s.get(1), h - s.get(2), s.get(3)), b.getDataType()), 2);
        }
        if (s.get(3) < w) {
            out = out.concat(b.getManager().zeros(new Shape(s.get(0), s.get(1), h, w - s.get(3)), b.getDataType()), 3);
        }
        return out;
    }
}
