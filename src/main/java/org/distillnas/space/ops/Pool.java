package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import java.util.List;
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

    @Override
    public NDArray forwardFolded(OpInput in, NDArray weight, boolean training) {
        if (bn == null) {
            return max ? forwardWeighted(in, weight, training)
                    : Fn.avgPoolScaled(in.x(), 3, stride, 1, new NDArray[] {weight})[0];
        }
        NDArray x = in.x();
        return bn.forwardScaled(max ? Fn.maxPool(x, 3, stride, 1) : Fn.avgPoolDepthwise(x, 3, stride, 1), weight, training);
    }

    /** Pools of one kind and stride give the same map on one input. */
    @Override
    public Object fusionKey() {
        return new Key(max, stride, bn != null);
    }

    private record Key(boolean max, int stride, boolean withBn) {}

    /**
     * Pools once for all the ops; each op then applies its own BatchNorm (its running statistics are
     * its own), or, without one, its weight.
     */
    @Override
    public FusedOps fuse(List<Op> ops) {
        List<Pool> pools = ops.stream().map(o -> (Pool) o).toList();
        return (in, weights, training) -> {
            NDArray x = in.x();
            if (!max && bn == null) {
                return Fn.avgPoolScaled(x, 3, stride, 1, weights);
            }
            NDArray y = max ? Fn.maxPool(x, 3, stride, 1) : Fn.avgPoolDepthwise(x, 3, stride, 1);
            NDArray[] out = new NDArray[pools.size()];
            for (int k = 0; k < out.length; k++) {
                BatchNorm2d b = pools.get(k).bn;
                out[k] = b == null ? y.mul(weights[k]) : b.forwardScaled(y, weights[k], training);
            }
            return out;
        };
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
