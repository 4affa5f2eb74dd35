package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.step.StepContext;

/**
 * Where the teachers' predictions come from: {@link SnapshotTeachers} (forward passes of earlier
 * supernets' weights) or {@link CachedTeachers} (the student's own outputs of earlier epochs,
 * stored per sample). A source is told what the student did ({@link #record}, {@link #stepDone}) so
 * it can keep its teachers up to date, and its state goes into the search's checkpoints.
 */
public interface TeacherSource {
    /**
     * The teachers' logits for a batch, computed without gradient, in {@code m}; null while there
     * is no teacher (early in the search).
     *
     * @param x the batch's input as the student sees it (same augmentation)
     */
    TeacherLogits logits(Batch batch, NDArray x, StepContext ctx, NDManager m);

    /** The student's logits of the pass that trained on {@code batch} (before that step's update). */
    default void record(Batch batch, NDArray studentLogits, StepContext ctx) {}

    /** Called after the step's weight update. */
    default void stepDone(StepContext ctx) {}

    /** Arrays a checkpoint must hold to restore the teachers exactly. */
    Map<String, NDArray> stateArrays();

    JsonNode stateJson();

    /** Restores {@link #stateArrays()} and {@link #stateJson()}; copies what it keeps. */
    void loadState(Map<String, NDArray> arrays, JsonNode json);
}
