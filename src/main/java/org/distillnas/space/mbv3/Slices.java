package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one rule of elastic weight sharing: a smaller tensor is a slice of the largest layer's,
 * taking the <em>first</em> entries along the channel axes (dimensions 0 and 1: output and input
 * channels, or a vector's entries) and the <em>centre</em> along the kernel axes (dimensions 2 and
 * 3: a 3x3 kernel is the middle of a 7x7 one, offset (7 - 3) / 2 = 2). The slices are views
 * (libtorch {@code slice}), so gradients flow back into the shared tensor; weight matrices are
 * then copied contiguous for the convolution's sake, inside the autograd graph.
 */
final class Slices {
    private Slices() {}

    /**
     * {@code w} cut down to {@code shape} by the rule above; {@code w} itself when it already has
     * that shape. The views are attached to {@code owner}'s manager (the step's activations), not to
     * the parameter's long-lived one.
     */
    static NDArray to(NDArray w, Shape shape, NDArray owner) {
        Shape full = w.getShape();
        if (full.equals(shape)) {
            return w;
        }
        if (full.dimension() != shape.dimension()) {
            throw new IllegalArgumentException("cannot slice " + full + " to " + shape);
        }
        PtNDArray v = (PtNDArray) w;
        boolean sliced = false;
        for (int d = 0; d < full.dimension(); d++) {
            long have = full.get(d);
            long want = shape.get(d);
            if (want > have) {
                throw new IllegalArgumentException("cannot slice " + full + " to " + shape);
            }
            if (want < have) {
                long start = d >= 2 ? (have - want) / 2 : 0;
                v = JniUtils.slice(v, d, start, start + want, 1);
                v.attach(owner.getManager());
                sliced = true;
            }
        }
        if (!sliced || full.dimension() < 2) {
            return v;
        }
        // libtorch convolves a strided (non-contiguous) weight view on a slow path, many times
        // slower, so the slice is copied contiguous: flattening a non-contiguous view copies it
        // inside the autograd graph. (DJL's clone would not do: it returns a detached copy, and the
        // shared weights would get no gradient.)
        PtNDArray flat = JniUtils.reshape(v, new long[] {-1});
        flat.attach(owner.getManager());
        PtNDArray c = JniUtils.reshape(flat, shape.getShape());
        c.attach(owner.getManager());
        return c;
    }
}
