package org.distillnas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.function.BiFunction;
import org.distillnas.data.Batch;
import org.distillnas.data.BatchStream;
import org.distillnas.train.Losses;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.Failpoints;
import org.distillnas.util.NoGrad;

/**
 * Loss and accuracy of a network over a whole data stream, in evaluation mode, without gradients.
 * libtorch's generator is reseeded to {@link EngineRandom#EVALUATION} first, so that a network
 * that draws random tensors in evaluation (the noise op) scores the same every time.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Mean loss and top-1 accuracy, and top-5 accuracy when there are more than 5 classes. */
    public record Result(double loss, double accuracy, double top5, int samples) {}

    /**
     * @param forward the network: (input, training flag) to logits
     * @param stream batches to evaluate, taken in the stream's order for epoch 0
     */
    public static Result evaluate(BiFunction<NDArray, Boolean, NDArray> forward, BatchStream stream, NDManager manager) {
        double lossSum = 0;
        long correct = 0;
        long correct5 = 0;
        int n = 0;
        EngineRandom.reseed(EngineRandom.EVALUATION);
        try (NoGrad ignored = NoGrad.open()) {
            for (int i = 0; i < stream.batchesPerEpoch(); i++) {
                Batch b = stream.batch(0, i);
                try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
                    NDArray y = b.y(m);
                    NDArray logits = forward.apply(b.x(m), false);
                    lossSum += Losses.scalar(Losses.crossEntropy(logits, y)) * b.size();
                    correct += Losses.correct(logits, y);
                    correct5 += Losses.correctTopK(logits, y, 5);
                    n += b.size();
                }
                if (i == 0) {
                    Failpoints.passUnchecked(Failpoints.EVALUATION);
                }
            }
        }
        return new Result(lossSum / n, (double) correct / n, (double) correct5 / n, n);
    }
}
