package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Fn;
import org.distillnas.nn.ParamFactory;

/**
 * 3x3 average or max pooling (average ignores padding). In a DARTS search cell a non-affine
 * BatchNorm follows, as in the original code, so that pooled outputs are on the scale of the
 * convolutions' outputs they are mixed with.
 */
public final class Pool extends Op {
    private final boolean max;
    private final int stride;
    private final BatchNorm2d bn;

    public Pool(ParamFactory f, boolean max, int channels, int stride, boolean withBn) {
        this(f, max, channels, stride, withBn, true);
    }

    public Pool(ParamFactory f, boolean max, int channels, int stride, boolean withBn, boolean trackRunningStats) {
        this.max = max;
        this.stride = stride;
        this.bn = withBn ? child("bn", new BatchNorm2d(f, channels, false, trackRunningStats)) : null;
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        NDArray x = in.x();
        NDArray y = max ? Fn.maxPool(x, 3, stride, 1) : Fn.avgPool(x, 3, stride, 1);
        return bn == null ? y : bn.forward(y, training);
    }

    /** Average pooling without BN folds the op weight into its small padding-correction map. */
    @Override
    public NDArray forwardWeighted(OpInput in, NDArray weight, boolean training) {
        if (max || bn != null) {
            return super.forwardWeighted(in, weight, training);
        }
        return Fn.avgPoolScaled(in.x(), 3, stride, 1, weight);
    }
}
