package org.distillnas.train;

import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;

/** Observes a training loop: progress display, extra logging. Every method is optional. */
public interface LoopListener {
    default void onEpochStart(int epoch, int epochs, int steps) {}

    default void onStep(StepContext ctx, StepResult result, double trainLoss, double trainAcc) {}

    default void onEpochEnd(EpochSummary summary) {}

    default void onEnd() {}
}
