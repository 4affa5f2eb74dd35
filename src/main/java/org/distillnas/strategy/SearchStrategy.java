package org.distillnas.strategy;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.supernet.Supernet;

/**
 * A search method: it owns a supernet and its optimizers and performs one search step at a time.
 * The loop around it (epochs, schedules, logging, checkpoints) is {@code train.TrainingLoop}, the same
 * for every method.
 */
public interface SearchStrategy {
    /** The method's command-line name. */
    String name();

    Supernet supernet();

    /**
     * One search step: typically an architecture update on {@code val} and a weight update on
     * {@code train}. Runs inside the loop's per-step array scope; updates parameters in place.
     */
    StepResult step(Batch train, Batch val, StepContext ctx);

    /** Arrays besides the supernet's parameters that a checkpoint must hold (optimizer state). */
    Map<String, NDArray> stateArrays();

    /** Scalars and counters a checkpoint must hold. */
    JsonNode stateJson();

    /** Restores what {@link #stateArrays()} and {@link #stateJson()} saved. */
    void loadState(Map<String, NDArray> arrays, JsonNode json);
}
