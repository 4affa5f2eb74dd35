package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** The "none" op: zeros of the output's shape (spatially subsampled at stride 2). */
public final class Zero extends Op {
    private final int stride;

    public Zero(int stride) {
        this.stride = stride;
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        NDArray x = in.x();
        NDArray src = stride == 1 ? x : x.get(new NDIndex(":, :, ::{}, ::{}", stride, stride));
        return src.zerosLike();
    }

    @Override
    public boolean isZero() {
        return true;
    }
}
