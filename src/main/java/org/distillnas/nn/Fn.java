package org.distillnas.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.HashMap;
import java.util.Map;
import org.distillnas.util.NoGrad;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Parameter-free layers, called straight on libtorch to avoid DJL's generic wrappers. */
public final class Fn {
    /**
     * Long-lived constants (pooling corrections); never closed. They are built here on the CPU and
     * copied to the device of the input they serve (cached per device), so one process can serve
     * inputs on any device.
     */
    private static final NDManager CONSTANTS = NDManager.newBaseManager(Device.cpu());
    private static final Map<String, NDArray> PAD_CORRECTIONS = new HashMap<>();
    private static final Map<String, NDArray> BOX_KERNELS = new HashMap<>();
    private Fn() {}

    /**
     * A scalar operand of {@code like}'s data type on {@code like}'s manager, closed with it, its
     * value in libtorch's own memory. Use it instead of a Java number ({@code x.div(6f)}) in anything
     * backward will run through: DJL makes a number operand a view of a Java direct buffer and closes
     * it right after the op, but autograd keeps the other factor of a product or quotient for
     * backward; once the garbage collector frees the buffer, backward reads freed memory and the
     * gradients come out wrong or NaN. Sums and differences keep no operand, so {@code x.add(3f)} is
     * safe. The copy into libtorch's memory also lets a step close its forward pass's arrays before
     * backward (the sampling strategies do, to free what backward does not need).
     */
    public static NDArray scalar(NDArray like, double value) {
        NDManager m = like.getManager();
        try (NDArray view = like.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64 ? m.create(value)
                : m.create((float) value)) {
            return view.duplicate();
        }
    }

    public static NDArray relu(NDArray x) {
        return JniUtils.relu((PtNDArray) x);
    }

    /**
     * Average pooling that, like PyTorch's {@code count_include_pad=False}, ignores padding.
     *
     * <p>DJL's native avg_pool ignores its count_include_pad argument and always counts the padding
     * (PyTorch's default), so with padding the window means are rescaled here by k^2 over the number of
     * real pixels in each window (the same pooling of an all-ones map gives that ratio's inverse).
     */
    public static NDArray avgPool(NDArray x, int kernel, int stride, int padding) {
        NDArray pooled = avgPoolCountingPad(x, kernel, stride, padding);
        if (padding == 0) {
            return pooled;
        }
        return pooled.mul(padCorrection(x, kernel, stride, padding));
    }

    /**
     * k^2 / (real pixels in each window), shape (1, 1, H', W'): computed once per input size and
     * kept for the life of the process (a few small arrays), outside every step's scope.
     */
    private static NDArray padCorrection(NDArray x, int kernel, int stride, int padding) {
        Shape s = x.getShape();
        String key = s.get(2) + "x" + s.get(3) + "/" + kernel + "/" + stride + "/" + padding + "/" + x.getDataType()
                + "/" + x.getDevice();
        synchronized (PAD_CORRECTIONS) {
            NDArray c = PAD_CORRECTIONS.get(key);
            if (c == null) {
                try (NoGrad ignored = NoGrad.open()) {
                    NDArray ones = onDevice(CONSTANTS.ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType()), x);
                    NDArray counted = avgPoolCountingPad(ones, kernel, stride, padding);
                    c = counted.getManager().ones(counted.getShape(), counted.getDataType()).divi(counted);
                    c.attach(CONSTANTS);
                    NDScope.unregister(ones, counted, c);
                    ones.close();
                    counted.close();
                }
                PAD_CORRECTIONS.put(key, c);
            }
            return c;
        }
    }

    /**
     * {@code scale * avgPool(x)} (padding excluded from the count) with the scalar folded into the
     * small correction map, so the full-size output is multiplied once, not twice.
     */
    public static NDArray avgPoolScaled(NDArray x, int kernel, int stride, int padding, NDArray scale) {
        NDArray pooled = avgPoolCountingPad(x, kernel, stride, padding);
        NDArray factor = padding == 0 ? scale : padCorrection(x, kernel, stride, padding).mul(scale);
        return pooled.mul(factor);
    }

    /**
     * {@link #avgPool} computed as a depthwise convolution with a constant 1/k^2 kernel (then the same
     * padding correction): the same map up to rounding, about ten times faster forward and backward
     * than libtorch's CPU average pooling on a supernet's shapes (measured with torch 1.13, 2 threads,
     * batch 64: 0.35 vs 3.9 ms forward at 16x28x28), where oneDNN vectorises the convolution.
     */
    public static NDArray avgPoolDepthwise(NDArray x, int kernel, int stride, int padding) {
        NDArray pooled = boxFilter(x, kernel, stride, padding);
        return padding == 0 ? pooled : pooled.mul(padCorrection(x, kernel, stride, padding));
    }

    /**
     * {@code scales[k] * avgPool(x)} for every k, pooling once (as a depthwise convolution, see
     * {@link #avgPoolDepthwise}): the ops of several edges that read one node share the pooled map.
     */
    public static NDArray[] avgPoolScaled(NDArray x, int kernel, int stride, int padding, NDArray[] scales) {
        NDArray pooled = boxFilter(x, kernel, stride, padding);
        NDArray correction = padding == 0 ? null : padCorrection(x, kernel, stride, padding);
        NDArray[] out = new NDArray[scales.length];
        for (int k = 0; k < scales.length; k++) {
            // the scale first: a product belongs to its first operand's manager, and the correction's
            // is a long-lived one
            out[k] = pooled.mul(correction == null ? scales[k] : scales[k].mul(correction));
        }
        return out;
    }

    /** {@code built} (a new CPU constant) on {@code x}'s device; a copy there frees the CPU original. */
    private static NDArray onDevice(NDArray built, NDArray x) {
        NDArray moved = built.toDevice(x.getDevice(), false);
        if (moved != built) {
            NDScope.unregister(built);
            built.close();
        }
        return moved;
    }

    /** Mean over each k x k window, padding counted as zeros: a depthwise convolution. */
    private static NDArray boxFilter(NDArray x, int kernel, int stride, int padding) {
        long channels = x.getShape().get(1);
        String key = channels + "/" + kernel + "/" + x.getDataType() + "/" + x.getDevice();
        NDArray weight;
        synchronized (BOX_KERNELS) {
            weight = BOX_KERNELS.get(key);
            if (weight == null) {
                try (NoGrad ignored = NoGrad.open()) {
                    weight = onDevice(CONSTANTS.full(new Shape(channels, 1, kernel, kernel), 1f / (kernel * kernel),
                            x.getDataType()), x);
                    weight.attach(CONSTANTS);
                    NDScope.unregister(weight);
                }
                BOX_KERNELS.put(key, weight);
            }
        }
        return JniUtils.convolution((PtNDArray) x, (PtNDArray) weight, null, new Shape(stride, stride),
                new Shape(padding, padding), new Shape(1, 1), (int) channels);
    }

    private static NDArray avgPoolCountingPad(NDArray x, int kernel, int stride, int padding) {
        return JniUtils.avgPool((PtNDArray) x, new Shape(kernel, kernel), new Shape(stride, stride),
                new Shape(padding, padding), false, true);
    }

    public static NDArray maxPool(NDArray x, int kernel, int stride, int padding) {
        return maxPool(x, kernel, stride, padding, false);
    }

    /**
     * @param ceilMode round the output size up, so that a window hanging over the far edge still
     *     gives an output (an odd size then halves to the same size as a padded 3x3 stride-2 op's)
     */
    public static NDArray maxPool(NDArray x, int kernel, int stride, int padding, boolean ceilMode) {
        return JniUtils.maxPool((PtNDArray) x, new Shape(kernel, kernel), new Shape(stride, stride),
                new Shape(padding, padding), ceilMode);
    }

    /**
     * Channel shuffle with {@code groups} groups (ShuffleNet; PC-DARTS's {@code channel_shuffle}):
     * NCHW is viewed as (N, groups, C/groups, H, W), the two channel axes are swapped and the
     * result flattened back, so output channel {@code i * groups + g} is input channel
     * {@code g * C/groups + i}. With 8 channels and 4 groups the order becomes 0, 2, 4, 6, 1, 3, 5, 7.
     */
    public static NDArray channelShuffle(NDArray x, int groups) {
        Shape s = x.getShape();
        long c = s.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException("channel shuffle of " + c + " channels into " + groups + " groups");
        }
        return x.reshape(s.get(0), groups, c / groups, s.get(2), s.get(3)).transpose(0, 2, 1, 3, 4).reshape(s);
    }

    /** Global average pooling of NCHW input to shape (N, C). */
    public static NDArray globalAvgPool(NDArray x) {
        NDArray pooled = JniUtils.adaptiveAvgPool((PtNDArray) x, new Shape(1, 1));
        return pooled.reshape(x.getShape().get(0), x.getShape().get(1));
    }
}
