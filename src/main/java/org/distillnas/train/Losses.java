package org.distillnas.train;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Fn;

/** The supervised loss and accuracy of a batch of logits. */
public final class Losses {
    private Losses() {}

    /**
     * Mean softmax cross-entropy, {@code L = -1/N sum_n log softmax(z_n)_{y_n}}.
     *
     * @param logits (N, K)
     * @param labels (N) int64 class indices
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.gather(labels.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /**
     * Label-smoothed cross-entropy: the target puts {@code 1 - eps} on the label and spreads
     * {@code eps} uniformly over all K classes, {@code L = (1-eps) CE - eps/K sum_k log p_k}.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, double smoothing) {
        if (smoothing == 0) {
            return crossEntropy(logits, labels);
        }
        NDArray logp = logits.logSoftmax(1);
        NDArray nll = logp.gather(labels.reshape(-1, 1), 1).mean().neg();
        NDArray uniform = logp.mean(new int[] {1}).mean().neg();
        // factors as arrays that live to backward (Fn.scalar says why)
        return nll.mul(Fn.scalar(nll, 1 - smoothing)).add(uniform.mul(Fn.scalar(uniform, smoothing)));
    }

    /** The value of a one-element array of any floating type, as a double. */
    public static double scalar(NDArray a) {
        if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64) {
            return a.getDouble();
        }
        try (NDArray d = a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)) {
            return d.getDouble();
        }
    }

    /** Number of rows whose largest logit is at the label. */
    public static long correct(NDArray logits, NDArray labels) {
        try (NDArray pred = logits.argMax(1); NDArray eq = pred.eq(labels); NDArray sum = eq.sum()) {
            return sum.toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
        }
    }

    /** Number of rows whose label is among the {@code k} largest logits (all rows when k >= K). */
    public static long correctTopK(NDArray logits, NDArray labels, int k) {
        long classes = logits.getShape().get(1);
        if (k >= classes) {
            return logits.getShape().get(0);
        }
        try (NDArray picked = logits.gather(labels.reshape(-1, 1), 1);
                NDArray above = logits.gt(picked);
                NDArray rank = above.sum(new int[] {1});
                NDArray hit = rank.lt(k);
                NDArray total = hit.sum()) {
            return total.toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
        }
    }
}
