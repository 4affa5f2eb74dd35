package org.distillnas.strategy;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.supernet.SampledSupernet;

/**
 * A sampling method (SPOS, the sandwich rule, and AlphaNet and Cream on top of them): it owns a
 * weight-sharing supernet and its optimizer and performs one training step at a time on subnets it
 * draws itself. The loop around it is {@code train.TrainingLoop}, the same as for every method.
 *
 * <p>Why not {@link SearchStrategy}: a sampling method has no architecture weights and no
 * validation step; the architecture is chosen after training, by a search over subnets.
 */
public interface SampledStrategy {
    /** The method's command-line name. */
    String name();

    SampledSupernet supernet();

    /** One training step on {@code train}; runs inside the loop's per-step array scope. */
    StepResult step(Batch train, StepContext ctx);

    /**
     * What the method adds to an epoch's metrics line (Cream: its board and the matching network's
     * activity); nothing by default.
     */
    default Map<String, Object> epochMetrics() {
        return Map.of();
    }

    /** Arrays a checkpoint must hold besides the supernet's parameters (optimizer state). */
    Map<String, NDArray> stateArrays();

    /** Scalars and counters a checkpoint must hold. */
    JsonNode stateJson();

    /** Restores what {@link #stateArrays()} and {@link #stateJson()} saved. */
    void loadState(Map<String, NDArray> arrays, JsonNode json);
}
