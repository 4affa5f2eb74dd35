package org.distillnas.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Parameter-free layers, called straight on libtorch to avoid DJL's generic wrappers. */
public final class Fn {
    private Fn() {}

    public static NDArray relu(NDArray x) {
        return JniUtils.relu((PtNDArray) x);
    }

    /** Average pooling that, like PyTorch's {@code count_include_pad=False}, ignores padding. */
    public static NDArray avgPool(NDArray x, int kernel, int stride, int padding) {
        return JniUtils.avgPool((PtNDArray) x, new Shape(kernel, kernel), new Shape(stride, stride),
                new Shape(padding, padding), false, false);
    }

    public static NDArray maxPool(NDArray x, int kernel, int stride, int padding) {
        return JniUtils.maxPool((PtNDArray) x, new Shape(kernel, kernel), new Shape(stride, stride),
                new Shape(padding, padding), false);
    }

    /** Global average pooling of NCHW input to shape (N, C). */
    public static NDArray globalAvgPool(NDArray x) {
        NDArray pooled = JniUtils.adaptiveAvgPool((PtNDArray) x, new Shape(1, 1));
        return pooled.reshape(x.getShape().get(0), x.getShape().get(1));
    }
}
