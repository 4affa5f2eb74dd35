package org.distillnas.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Batch normalisation over the channel axis of NCHW input, with PyTorch's semantics: in training
 * mode it normalises with the batch statistics and updates the running ones in place
 * ({@code running = (1 - momentum) * running + momentum * batch}); in evaluation mode it uses the
 * running statistics.
 *
 * <p>Without affine parameters (the DARTS search cells) gamma and beta are constant buffers of ones
 * and zeros, so one native call serves both cases.
 */
public final class BatchNorm2d extends Module {
    /** PyTorch's default momentum. */
    public static final double MOMENTUM = 0.1;
    public static final double EPS = 1e-5;

    private final Param gamma;
    private final Param beta;
    private final Param runningMean;
    private final Param runningVar;
    private final boolean trackRunningStats;
    private double momentum = MOMENTUM;

    public BatchNorm2d(ParamFactory f, int channels, boolean affine) {
        this(f, channels, affine, true);
    }

    /**
     * @param trackRunningStats false normalises with batch statistics in evaluation mode too (an
     *     option of random-feature supernets)
     */
    public BatchNorm2d(ParamFactory f, int channels, boolean affine, boolean trackRunningStats) {
        Shape s = new Shape(channels);
        Param.Kind affineKind = affine ? Param.Kind.BN_AFFINE : Param.Kind.BUFFER;
        this.gamma = affine ? param("weight", f.constant(affineKind, s, 1f)) : f.constant(affineKind, s, 1f);
        this.beta = affine ? param("bias", f.constant(affineKind, s, 0f)) : f.constant(affineKind, s, 0f);
        this.runningMean = param("running_mean", f.constant(Param.Kind.BUFFER, s, 0f));
        this.runningVar = param("running_var", f.constant(Param.Kind.BUFFER, s, 1f));
        this.trackRunningStats = trackRunningStats;
    }

    public NDArray forward(NDArray x, boolean training) {
        // JniUtils names its parameters (gamma, beta, mean, var) but the native call takes
        // (mean, var, gamma, beta), as DJL's own PtNDArrayEx passes them.
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean.value(), (PtNDArray) runningVar.value(),
                (PtNDArray) gamma.value(), (PtNDArray) beta.value(),
                training || !trackRunningStats, momentum, EPS);
    }

    /**
     * Sets the weight of the current batch in the running statistics' update (PyTorch's momentum;
     * 1/(k+1) at the k-th batch gives their plain average over the batches seen).
     */
    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    /** Resets the running statistics (before recalibrating them on training batches). */
    public void resetRunningStats() {
        runningMean.value().subi(runningMean.value());
        runningVar.value().subi(runningVar.value()).addi(1f);
    }
}
