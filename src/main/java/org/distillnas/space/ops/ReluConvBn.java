package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.ParamFactory;

/** ReLU, convolution, BatchNorm: NAS-Bench-201's nor_conv and the cells' 1x1 preprocessing. */
public final class ReluConvBn extends Op {
    private final Conv2d conv;
    private final BatchNorm2d bn;
    private final Geometry geometry;

    /** What must agree for several of these ops to run as one convolution over stacked weights. */
    private record Geometry(int in, int out, int kernel, int stride, int padding, boolean affine,
            boolean trackRunningStats) {}

    public ReluConvBn(ParamFactory f, int in, int out, int kernel, int stride, int padding, boolean affine) {
        this(f, in, out, kernel, stride, padding, affine, true);
    }

    public ReluConvBn(ParamFactory f, int in, int out, int kernel, int stride, int padding, boolean affine,
            boolean trackRunningStats) {
        conv = child("conv", new Conv2d(f, in, out, kernel, stride, padding));
        bn = child("bn", new BatchNorm2d(f, out, affine, trackRunningStats));
        geometry = new Geometry(in, out, kernel, stride, padding, affine, trackRunningStats);
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        return bn.forward(conv.forward(in.relu()), training);
    }

    @Override
    public NDArray forwardFolded(OpInput in, NDArray weight, boolean training) {
        return bn.forwardScaled(conv.forward(in.relu()), weight, training);
    }

    @Override
    public Object fusionKey() {
        return geometry;
    }

    /** One convolution with the ops' weights stacked along the output channels, one BatchNorm over the stack. */
    @Override
    public FusedOps fuse(List<Op> ops) {
        if (ops.size() == 1) {
            return super.fuse(ops);
        }
        List<ReluConvBn> convs = ops.stream().map(o -> (ReluConvBn) o).toList();
        return new StackedReluConvBn(convs.stream().map(o -> o.conv).toList(), convs.stream().map(o -> o.bn).toList(),
                geometry.stride(), geometry.padding());
    }
}
