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

    /**
     * Average pooling that, like PyTorch's {@code count_include_pad=False}, ignores padding.
     *
     * <p>DJL's native avg_pool ignores its count_include_pad argument and always counts the padding
     * (PyTorch's default), so with padding the window sums are divided here by the number of real
     * pixels in each window: the same pooling of an all-ones map gives that count over k^2.
     */
    public static NDArray avgPool(NDArray x, int kernel, int stride, int padding) {
        NDArray pooled = avgPoolCountingPad(x, kernel, stride, padding);
        if (padding == 0) {
            return pooled;
        }
        Shape s = x.getShape();
        NDArray ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType());
        return pooled.div(avgPoolCountingPad(ones, kernel, stride, padding));
    }

    private static NDArray avgPoolCountingPad(NDArray x, int kernel, int stride, int padding) {
        return JniUtils.avgPool((PtNDArray) x, new Shape(kernel, kernel), new Shape(stride, stride),
                new Shape(padding, padding), false, true);
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
