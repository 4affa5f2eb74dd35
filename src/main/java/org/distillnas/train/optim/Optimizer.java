package org.distillnas.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.distillnas.nn.Param;

/**
 * Updates parameters in place from their accumulated gradients, then zeroes those gradients.
 *
 * <p>Written here rather than taken from DJL because a resumed run must continue bit for bit: DJL's
 * optimizers keep their momentum and moment buffers private, so they cannot be checkpointed.
 */
public interface Optimizer {
    /** Applies one update to every parameter with a gradient, at learning rate {@code lr}. */
    void step(Map<String, Param> params, double lr);

    /** The optimizer's buffers by parameter name and buffer kind, for checkpoints (live arrays). */
    Map<String, NDArray> state();

    /** Restores buffers written by {@link #state()}, copying values into this optimizer's arrays. */
    void loadState(Map<String, NDArray> state);

    /** Integer counters (Adam's step counts), saved in the checkpoint's JSON state. */
    default Map<String, Long> counters() {
        return Map.of();
    }

    default void loadCounters(Map<String, Long> counters) {}
}
