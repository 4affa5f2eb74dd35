package org.distillnas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.distillnas.eval.Evaluator;
import org.distillnas.nn.Module;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;

/**
 * What the {@link TrainingLoop} trains: a search (a strategy on a supernet, {@link SearchTask}) or
 * the stand-alone training of one architecture ({@code RetrainTask}). The loop owns epochs,
 * schedules, logs, checkpoints and progress; the task owns its model, data and optimizers.
 */
public interface TrainingTask {
    /** The module whose parameters and buffers a checkpoint holds. */
    Module model();

    int stepsPerEpoch();

    /** One training step; runs inside the loop's per-step array scope. */
    StepResult step(StepContext ctx);

    /** The end-of-epoch evaluation (evaluation mode, no gradients). */
    Evaluator.Result evaluate(NDManager manager);

    /** One line on the model's state after an epoch (a search's current genotype), or null. */
    default String describe() {
        return null;
    }

    /** Extra measurements after an epoch's evaluation, added to its metrics line (e.g. sharpness). */
    default Map<String, Object> epochMetrics(int epoch, NDManager manager) {
        return Map.of();
    }

    /** Writes task-specific logs after an epoch ({@code epoch} 0 = before training). */
    default void logEpoch(RunLog log, int epoch, long globalStep) {}

    /** Arrays besides the model's parameters that a checkpoint must hold (optimizer state). */
    Map<String, NDArray> stateArrays();

    JsonNode stateJson();

    void loadState(Map<String, NDArray> arrays, JsonNode json);
}
