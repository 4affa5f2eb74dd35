package org.distillnas.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** Restores optimizer buffers from a checkpoint's named arrays. */
final class OptimizerState {
    private OptimizerState() {}

    /**
     * Copies every array of {@code state} whose name ends with {@code suffix} into {@code target},
     * keyed by the parameter name before the suffix. The copies live on the source array's manager
     * (the checkpoint loader attaches them to the network's manager).
     */
    static void restore(Map<String, NDArray> state, String suffix, Map<String, NDArray> target) {
        target.values().forEach(NDArray::close);
        target.clear();
        state.forEach((key, array) -> {
            if (key.endsWith(suffix)) {
                target.put(key.substring(0, key.length() - suffix.length()), array.duplicate());
            }
        });
    }
}
