package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.ops.FactorizedReduce;
import org.distillnas.space.ops.Op;
import org.distillnas.space.ops.ReluConvBn;

/**
 * Brings a DARTS cell's two inputs to the cell's channel count: a 1x1 ReLU-conv-BN, or a factorized
 * reduction for the first input when the previous cell halved the resolution.
 */
final class Preprocess extends Module {
    private final Op s0;
    private final Op s1;

    Preprocess(ParamFactory f, int cPrevPrev, int cPrev, int c, boolean reductionPrev, boolean affine) {
        s0 = child("preprocess0", reductionPrev
                ? new FactorizedReduce(f, cPrevPrev, c, affine)
                : new ReluConvBn(f, cPrevPrev, c, 1, 1, 0, affine));
        s1 = child("preprocess1", new ReluConvBn(f, cPrev, c, 1, 1, 0, affine));
    }

    NDArray first(NDArray x, boolean training) {
        return s0.forward(x, training);
    }

    NDArray second(NDArray x, boolean training) {
        return s1.forward(x, training);
    }
}
