package org.distillnas.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** A 2-D convolution over NCHW input, without bias unless asked for (BN follows in every op). */
public final class Conv2d extends Module {
    private final Param weight;
    private final Param bias;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;
    private final int groups;

    public Conv2d(ParamFactory f, int in, int out, int kernel, int stride, int padding, int dilation, int groups,
            boolean withBias) {
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("channels " + in + "->" + out + " not divisible by groups " + groups);
        }
        this.weight = param("weight", f.weight(new Shape(out, in / groups, kernel, kernel)));
        this.bias = withBias ? param("bias", f.bias(out, (long) in / groups * kernel * kernel)) : null;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
        this.dilation = new Shape(dilation, dilation);
        this.groups = groups;
    }

    /** Plain convolution: groups 1, dilation 1, no bias. */
    public Conv2d(ParamFactory f, int in, int out, int kernel, int stride, int padding) {
        this(f, in, out, kernel, stride, padding, 1, 1, false);
    }

    public Param weight() {
        return weight;
    }

    /** The bias, or null for a convolution without one. */
    public Param bias() {
        return bias;
    }

    public NDArray forward(NDArray x) {
        NDArray y = JniUtils.convolution((PtNDArray) x, (PtNDArray) weight.value(),
                bias == null ? null : (PtNDArray) bias.value(), stride, padding, dilation, groups);
        count(y, weight.value());
        return y;
    }

    /**
     * A convolution with given weights (e.g. a slice of a larger layer's weight: elastic kernels and
     * widths), square stride and padding, dilation 1, counted by an open {@link CostMeter} like
     * {@link #forward}.
     *
     * @param weight shape (out, in / groups, k, k)
     * @param bias shape (out), or null
     */
    public static NDArray convolve(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        NDArray y = JniUtils.convolution((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias,
                new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), groups);
        count(y, weight);
        return y;
    }

    /** MACs per sample: every output value costs (in / groups) k^2 multiply-adds. */
    private static void count(NDArray y, NDArray weight) {
        if (CostMeter.active()) {
            Shape s = y.getShape();
            Shape w = weight.getShape();
            CostMeter.add(s.get(1) * s.get(2) * s.get(3) * w.get(1) * w.get(2) * w.get(3));
        }
    }
}
