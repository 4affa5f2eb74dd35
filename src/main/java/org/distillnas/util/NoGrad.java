package org.distillnas.util;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns libtorch's autograd recording off until closed (evaluation, teacher predictions, in-place
 * optimizer updates), restoring the previous mode afterwards.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGrad open() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
