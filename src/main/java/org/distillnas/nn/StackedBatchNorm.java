package org.distillnas.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * Several {@link BatchNorm2d} layers applied to one tensor that stacks their inputs along the
 * channel axis. BatchNorm's statistics and affine parameters are per channel, so one native call
 * over the stack computes exactly what one call per layer computes, forward and backward.
 *
 * <p>The layers' running statistics are moved into views of one joint buffer when the stack is
 * built, so the native call's in-place update of the joint buffer is the update of every layer;
 * checkpoints and recalibration keep reading and writing each layer's own (viewed) buffer.
 *
 * <p>Each layer's output may be scaled by a scalar {@code s} (a mixed op's weight) at the cost of a
 * C-sized product: {@code s (gamma xhat + beta) = (s gamma) xhat + s beta}, and the gradient of
 * {@code s} comes out of BatchNorm's backward as the sums it computes anyway.
 */
public final class StackedBatchNorm {
    private final List<BatchNorm2d> layers;
    private final PtNDArray runningMean;
    private final PtNDArray runningVar;
    /** Without affine parameters beta is a constant zero whatever the scales: joined once. */
    private final NDArray zeroBeta;

    public StackedBatchNorm(List<BatchNorm2d> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layers to stack");
        }
        this.layers = List.copyOf(layers);
        BatchNorm2d first = layers.get(0);
        for (BatchNorm2d bn : layers) {
            if (bn.affine() != first.affine() || bn.trackRunningStats() != first.trackRunningStats()) {
                throw new IllegalArgumentException("stacked BatchNorm layers must agree on affine and running statistics");
            }
        }
        this.runningMean = join(layers, true);
        this.runningVar = join(layers, false);
        if (first.affine()) {
            this.zeroBeta = null;
        } else {
            NDList zeros = new NDList();
            layers.forEach(bn -> zeros.add(bn.scaledBeta(null, bn.channels(), runningMean)));
            this.zeroBeta = NDArrays.concat(zeros, 0);
            zeroBeta.attach(runningMean.getManager());
            NDScope.unregister(zeroBeta);
        }
    }

    /** Concatenates one buffer of every layer and moves each layer's buffer into its slice. */
    private static PtNDArray join(List<BatchNorm2d> layers, boolean mean) {
        NDList parts = new NDList();
        for (BatchNorm2d bn : layers) {
            parts.add((mean ? bn.runningMeanParam() : bn.runningVarParam()).value());
        }
        PtNDArray joint = (PtNDArray) NDArrays.concat(parts, 0);
        joint.attach(parts.get(0).getManager());
        // the joint buffer lives as long as the network, even when built inside a step's scope
        NDScope.unregister(joint);
        long offset = 0;
        for (BatchNorm2d bn : layers) {
            Param p = mean ? bn.runningMeanParam() : bn.runningVarParam();
            long c = p.value().getShape().get(0);
            PtNDArray view = JniUtils.slice(joint, 0, offset, offset + c, 1);
            view.attach(joint.getManager());
            NDScope.unregister(view);
            p.moveInto(view);
            offset += c;
        }
        return joint;
    }

    /**
     * The concatenation of {@code parts}, owned by the manager of {@code x}: a concatenation of
     * parameters would otherwise belong to the network's long-lived manager and outlive a pass
     * that runs outside a scope. A single part is returned as it is.
     */
    public static NDArray joined(NDList parts, NDArray x) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        NDArray out = NDArrays.concat(parts, 0);
        out.attach(x.getManager());
        return out;
    }

    /**
     * Normalises {@code x}, whose channels are the layers' inputs one after the other.
     *
     * @param scales per layer a scalar multiplying its output, or null (all 1)
     */
    public NDArray forward(NDArray x, NDArray[] scales, boolean training) {
        BatchNorm2d first = layers.get(0);
        double momentum = first.momentum();
        NDList gammas = new NDList(layers.size());
        NDList betas = new NDList(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            BatchNorm2d bn = layers.get(i);
            if (bn.momentum() != momentum) {
                throw new IllegalStateException("stacked BatchNorm layers must share one momentum");
            }
            NDArray s = scales == null ? null : scales[i];
            gammas.add(bn.scaledGamma(s, bn.channels(), x));
            if (zeroBeta == null) {
                betas.add(bn.scaledBeta(s, bn.channels(), x));
            }
        }
        NDArray gamma = joined(gammas, x);
        NDArray beta = zeroBeta != null ? zeroBeta : joined(betas, x);
        return JniUtils.batchNorm((PtNDArray) x, runningMean, runningVar, (PtNDArray) gamma, (PtNDArray) beta,
                training || !first.trackRunningStats(), momentum, BatchNorm2d.EPS);
    }
}
