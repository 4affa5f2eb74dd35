package org.distillnas.space.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * RobustDARTS's "noise" op (Zela et al., 2020, space S4): standard-normal noise, N(0, 1), of the
 * op's output shape: the input's at stride 1, the spatial size subsampled as {@code x[:, :, ::2, ::2]}
 * (ceil(H/2) x ceil(W/2)) at stride 2, the same channels, the input's type and device. Fresh noise
 * on every call, in training and in evaluation, as the reference's {@code NoiseOp(stride, 0, 1)}.
 *
 * <p>The op has no parameters and reads nothing of its input but its shape, so no gradient flows
 * back to the input through it. In a mixed op its term is {@code w * noise}: the edge's weight
 * still gets the gradient {@code sum(noise * dL/dout)}, which is how the architecture learns to
 * avoid (or, in a collapsing search, to prefer) it.
 *
 * <p>The noise comes from libtorch's global generator, which the training loop reseeds from the
 * run's seed and the step number before every step, and evaluations reseed to a fixed value
 * ({@link org.distillnas.util.EngineRandom}): a run is repeatable, a resumed run draws the same
 * noise as an uninterrupted one, and evaluating the same weights twice gives the same result.
 */
public final class Noise extends Op {
    private final int stride;

    public Noise(int stride) {
        this.stride = stride;
    }

    @Override
    public NDArray forward(OpInput in, boolean training) {
        NDArray x = in.x();
        Shape s = x.getShape();
        Shape out = stride == 1 ? s
                : new Shape(s.get(0), s.get(1), (s.get(2) + stride - 1) / stride, (s.get(3) + stride - 1) / stride);
        return x.getManager().randomNormal(0f, 1f, out, x.getDataType(), x.getDevice());
    }
}
