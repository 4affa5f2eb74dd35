package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.ops.Op;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;

/**
 * A DARTS edge: the weighted sum of every candidate op, {@code sum_o w_o * o(x)} with
 * {@code w = softmax(alpha_edge)} (DARTS, Eq. 2). Ops that always output zero are skipped.
 */
public final class MixedOp extends Module {
    private final List<Op> ops = new ArrayList<>();

    public MixedOp(ParamFactory f, List<String> opNames, int channels, int stride, OpRegistry.OpOptions options) {
        for (String name : opNames) {
            ops.add(child(name, OpRegistry.create(name, f, channels, stride, options)));
        }
    }

    public int size() {
        return ops.size();
    }

    /**
     * @param weights one scalar weight per op, in the edge's op order
     */
    public NDArray forward(NDArray x, NDArray[] weights, boolean training) {
        return forward(new OpInput(x), weights, training);
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
