package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import org.distillnas.nn.Fn;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.util.BadInputException;

/**
 * PC-DARTS's partial channel connection (Xu et al. 2020, Sec. 3.2, Eq. 3):
 * {@code f(x) = shuffle(concat(sum_o w_o o(S x), (1 - S) x))}, where the mask S keeps the first
 * C/K channels. Only that slice goes through the candidate ops, which are built with C/K channels;
 * the other channels bypass them, through a 2x2 max pooling of stride 2 on stride-2 edges (as in
 * the PC-DARTS code). The concatenation is channel-shuffled with K groups, so that the next edge
 * slices a different mix of channels.
 */
public final class PartialChannelMixedOp extends MixedEdge {
    private final MixedOp partial;
    private final int groups;
    private final int slice;
    private final int stride;

    /**
     * @param channels the edge's input and output channels; must be divisible by {@code k}
     * @param k the share 1/K of channels that goes through the ops
     */
    public PartialChannelMixedOp(ParamFactory f, List<String> opNames, int channels, int stride,
            OpRegistry.OpOptions options, int k) {
        if (k < 1 || channels % k != 0) {
            throw new BadInputException("--partial-channels " + k + ": an edge of the supernet has " + channels
                    + " channels, expected a divisor of it (choose --channels divisible by " + k + ")");
        }
        this.groups = k;
        this.slice = channels / k;
        this.stride = stride;
        this.partial = child("partial", new MixedOp(f, opNames, slice, stride, options));
    }

    @Override
    public int size() {
        return partial.size();
    }

    /**
     * An edge weight scales the ops' weights (scalars) and the bypassed channels separately, which
     * is the same as scaling the edge's whole output.
     */
    @Override
    public NDArray forward(OpInput in, NDArray[] weights, NDArray edgeWeight, boolean training) {
        NDArray mixed = partial.forward(opInput(in), weights, edgeWeight, training);
        return output(mixed, null, in, edgeWeight);
    }

    @Override
    MixedOp mixedOp() {
        return partial;
    }

    @Override
    OpInput opInput(OpInput node) {
        return new OpInput(node.x().get(new NDIndex(":, :{}", slice)));
    }

    /** True when {@code other} slices and bypasses a node's channels as this edge does. */
    boolean sameSplit(PartialChannelMixedOp other) {
        return other.slice == slice && other.groups == groups && other.stride == stride;
    }

    @Override
    NDArray output(NDArray mixed, NDArray[] bypassCache, OpInput node, NDArray edgeWeight) {
        NDArray bypass = bypassCache == null ? null : bypassCache[0];
        if (bypass == null) {
            NDArray rest = node.x().get(new NDIndex(":, {}:", slice));
            bypass = stride == 1 ? rest : Fn.maxPool(rest, 2, 2, 0, true);
            if (bypassCache != null) {
                bypassCache[0] = bypass;
            }
        }
        if (edgeWeight != null) {
            bypass = bypass.mul(edgeWeight);
        }
        return Fn.channelShuffle(mixed.concat(bypass, 1), groups);
    }
}
