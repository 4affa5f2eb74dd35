package org.distillnas.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A named tensor owned by a {@link Module}: a trainable weight, a BatchNorm affine parameter, an
 * architecture weight, or a buffer (BatchNorm running statistics) that is saved but never trained.
 *
 * <p>The value lives on the long-lived manager of the network; it is updated in place by the
 * optimizers so that the autograd graph of the next step sees the new value.
 */
public final class Param {
    /** What a tensor is for; decides which optimizer (if any) updates it. */
    public enum Kind {
        /** Network weight: convolutions, linear layers, stem. */
        WEIGHT,
        /** BatchNorm gamma and beta. */
        BN_AFFINE,
        /** Architecture weights (alpha, beta): trained on the validation split. */
        ARCH,
        /** Saved with the model but never differentiated (running mean and variance). */
        BUFFER
    }

    private final Kind kind;
    private NDArray value;
    private boolean frozen;

    public Param(Kind kind, NDArray value) {
        this.kind = kind;
        this.value = value;
        if (kind != Kind.BUFFER) {
            value.setRequiresGradient(true);
        }
    }

    public Kind kind() {
        return kind;
    }

    public NDArray value() {
        return value;
    }

    /** True for parameters an optimizer may update (not buffers, not frozen weights). */
    public boolean trainable() {
        return kind != Kind.BUFFER && !frozen;
    }

    public boolean frozen() {
        return frozen;
    }

    /**
     * Freezes the tensor at its current value: it no longer requires a gradient, so autograd
     * computes none for it and no optimizer state is ever created for it.
     */
    public void freeze() {
        frozen = true;
        value.setRequiresGradient(false);
    }

    /**
     * Turns gradient tracking on or off for this step only (a trainable tensor whose gradient is not
     * needed in a given pass, e.g. network weights during an architecture step).
     */
    public void track(boolean on) {
        if (kind != Kind.BUFFER && !frozen) {
            JniUtils.attachGradient((PtNDArray) value, on);
        }
    }

    /** The accumulated gradient, or null when backward has not reached this tensor. */
    public NDArray gradientOrNull() {
        if (kind == Kind.BUFFER || frozen) {
            return null;
        }
        return JniUtils.getGradient((PtNDArray) value);
    }

    /** Zeroes the accumulated gradient in place (gradients add up across backward calls). */
    public void zeroGradient() {
        if (kind != Kind.BUFFER && !frozen) {
            JniUtils.zeroGrad((PtNDArray) value);
        }
    }

    /**
     * Moves a buffer into {@code view}, a view of a larger tensor that already holds the buffer's
     * values (e.g. built by concatenating several buffers); the old tensor is freed. Used when one
     * native call updates several layers' running statistics at once ({@link StackedBatchNorm}); everything that reads or
     * writes the buffer in place (checkpoints, recalibration) then reaches the shared storage.
     * Only for buffers, before anything else holds the value.
     */
    void moveInto(NDArray view) {
        if (kind != Kind.BUFFER || !view.getShape().equals(value.getShape())) {
            throw new IllegalStateException("only a buffer moves into a view of its own shape");
        }
        value.close();
        value = view;
    }

    public long size() {
        return value.getShape().size();
    }
}
