package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.ops.Op;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;

/**
 * A DARTS edge: the weighted sum of every candidate op, {@code sum_o w_o * o(x)} with
 * {@code w = softmax(alpha_edge)} (DARTS, Eq. 2). Ops that always output zero are skipped.
 */
public final class MixedOp extends MixedEdge {
    private final List<Op> ops = new ArrayList<>();

    public MixedOp(ParamFactory f, List<String> opNames, int channels, int stride, OpRegistry.OpOptions options) {
        for (String name : opNames) {
            ops.add(child(name, OpRegistry.create(name, f, channels, stride, options)));
        }
    }

    @Override
    public int size() {
        return ops.size();
    }

    /** The candidate ops, in the edge's op order. */
    public List<Op> ops() {
        return java.util.Collections.unmodifiableList(ops);
    }

    @Override
    MixedOp mixedOp() {
        return this;
    }

    @Override
    OpInput opInput(OpInput node) {
        return node;
    }

    @Override
    NDArray output(NDArray mixed, NDArray[] bypass, OpInput node, NDArray edgeWeight) {
        return mixed;
    }

    /**
     * @param weights one scalar weight per op, in the edge's op order
     */
    public NDArray forward(NDArray x, NDArray[] weights, boolean training) {
        return forward(new OpInput(x), weights, training);
    }

    /**
     * An edge weight multiplies every op's weight, a few scalars, rather than the summed feature map:
     * {@code b * sum_o w_o o(x) = sum_o (b w_o) o(x)}.
     */
    @Override
    public NDArray forward(OpInput in, NDArray[] weights, NDArray edgeWeight, boolean training) {
        return forward(in, edgeWeight == null ? weights : scaled(weights, edgeWeight), training);
    }

    static NDArray[] scaled(NDArray[] weights, NDArray edgeWeight) {
        NDArray[] out = new NDArray[weights.length];
        for (int i = 0; i < weights.length; i++) {
            out[i] = weights[i].mul(edgeWeight);
        }
        return out;
    }

    /**
     * @param in the source node's features (with its shared ReLU)
     * @param weights one scalar weight per op, in the edge's op order
     */
    public NDArray forward(OpInput in, NDArray[] weights, boolean training) {
        NDArray sum = null;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.isZero()) {
                continue;
            }
            NDArray term = op.forwardWeighted(in, weights[i], training);
            sum = sum == null ? term : sum.add(term);
        }
        if (sum == null) {
            // every candidate is "none": the edge outputs zeros of the right shape
            return ops.get(0).forward(in, training);
        }
        return sum;
    }
}
