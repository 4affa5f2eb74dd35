package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.StackedBatchNorm;

/**
 * Several ReLU-conv-BN ops of the same shape on one input as one convolution whose output channels
 * are the ops' output channels one after the other, and one BatchNorm over them (per-channel, so
 * the same as one per op); the ops' weights are folded into the BatchNorm. The stacked weight is a
 * concatenation of the ops' own weights, made per pass, so each op keeps its parameters and their
 * gradients. One large convolution uses the cores better than several small ones, forward and
 * backward.
 */
final class StackedReluConvBn implements FusedOps {
    private final List<Conv2d> convs;
    private final StackedBatchNorm bn;
    private final int stride;
    private final int padding;

    StackedReluConvBn(List<Conv2d> convs, List<BatchNorm2d> bns, int stride, int padding) {
        this.convs = List.copyOf(convs);
        this.bn = new StackedBatchNorm(bns);
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public NDArray[] forward(OpInput in, NDArray[] weights, boolean training) {
        NDList ws = new NDList(convs.size());
        for (Conv2d c : convs) {
            ws.add(c.weight().value());
        }
        NDArray x = in.relu();
        NDArray weight = StackedBatchNorm.joined(ws, x);
        NDArray y = bn.forward(Conv2d.convolve(x, weight, null, stride, padding, 1), weights, training);
        NDList parts = y.split(convs.size(), 1);
        return parts.toArray(new NDArray[0]);
    }
}
