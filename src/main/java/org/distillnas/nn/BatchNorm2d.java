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

    /**
     * Normalises {@code x}. Input with fewer channels than the layer has (an elastic supernet's
     * narrower subnet) uses the first C' channels' affine parameters and running statistics; the
     * slices are views, so a training-mode pass updates exactly those C' running values in place.
     */
    public NDArray forward(NDArray x, boolean training) {
        return forwardScaled(x, null, training);
    }

    /** The first {@code c} entries of {@code p} as a view (the tensor itself when c is all of it). */
    private static PtNDArray first(Param p, long c, NDArray x) {
        PtNDArray v = (PtNDArray) p.value();
        if (v.getShape().get(0) == c) {
            return v;
        }
        PtNDArray slice = JniUtils.slice(v, 0, 0, c, 1);
        // The view would otherwise belong to the parameter's long-lived manager; the activation's
        // manager (or the step's scope) closes it with the step.
        slice.attach(x.getManager());
        return slice;
    }

    /**
     * Sets the weight of the current batch in the running statistics' update (PyTorch's momentum;
     * 1/(k+1) at the k-th batch gives their plain average over the batches seen).
     */
    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    double momentum() {
        return momentum;
    }

    boolean affine() {
        return gamma.kind() == Param.Kind.BN_AFFINE;
    }

    boolean trackRunningStats() {
        return trackRunningStats;
    }

    long channels() {
        return gamma.value().getShape().get(0);
    }

    Param runningMeanParam() {
        return runningMean;
    }

    Param runningVarParam() {
        return runningVar;
    }

    /**
     * {@code scale * forward(x)} (null: 1) with the scalar folded into gamma and beta (C-sized products
     * instead of a product over the whole output); the gradient of {@code scale} comes out of
     * BatchNorm's backward. Equal to {@code forward(x, training).mul(scale)} up to rounding.
     */
    public NDArray forwardScaled(NDArray x, NDArray scale, boolean training) {
        long c = x.getShape().get(1);
        // JniUtils names its parameters (gamma, beta, mean, var) but the native call takes
        // (mean, var, gamma, beta), as DJL's own PtNDArrayEx passes them.
        return JniUtils.batchNorm((PtNDArray) x, first(runningMean, c, x), first(runningVar, c, x),
                (PtNDArray) scaledGamma(scale, c, x), (PtNDArray) scaledBeta(scale, c, x),
                training || !trackRunningStats, momentum, EPS);
    }

    /** {@code scale * gamma} over the first {@code c} channels ({@code gamma} itself when scale is null). */
    NDArray scaledGamma(NDArray scale, long c, NDArray x) {
        NDArray g = first(gamma, c, x);
        return scale == null ? g : scale.mul(g);
    }

    /** {@code scale * beta} over the first {@code c} channels; a non-affine beta is zero, and so is its product. */
    NDArray scaledBeta(NDArray scale, long c, NDArray x) {
        NDArray b = first(beta, c, x);
        return scale == null || !affine() ? b : scale.mul(b);
    }

    /** Resets the running statistics (before recalibrating them on training batches). */
    public void resetRunningStats() {
        runningMean.value().subi(runningMean.value());
        runningVar.value().subi(runningVar.value()).addi(1f);
    }
}
