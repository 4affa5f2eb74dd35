package org.distillnas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.function.BiFunction;
import org.distillnas.data.Batch;
import org.distillnas.data.BatchStream;
import org.distillnas.util.NoGrad;

/**
 * AlphaNet's diagnostic of in-place distillation: does a student subnet over- or under-estimate
 * its teacher's confidence? Per image, with p the teacher's and q the student's softmax and
 * c* = argmax p the teacher's predicted class,
 *
 * <pre>
 *   gap = q_{c*} - p_{c*}
 *   over-confident  (under-estimates the teacher's uncertainty):  gap &gt;  tolerance
 *   under-confident (over-estimates the teacher's uncertainty):   gap &lt; -tolerance
 * </pre>
 *
 * <p>The paper states the effect (KL lets students do both) without fixing a measure; this one,
 * the student's probability of the teacher's top class, is the quantity the two ends of the
 * adaptive divergence act on (a negative alpha penalises q &gt; p, a positive one q &lt; p). The
 * tolerance keeps ties of two well-trained networks (both near 1) out of either count.
 */
public final class ConfidenceGap {
    private ConfidenceGap() {}

    /**
     * @param samples images compared
     * @param overConfident images with gap &gt; tolerance
     * @param underConfident images with gap &lt; -tolerance
     * @param meanGap mean of gap over the images
     * @param meanAbsGap mean of |gap|
     */
    public record Result(int samples, int overConfident, int underConfident, double meanGap, double meanAbsGap) {
        public double overShare() {
            return (double) overConfident / samples;
        }

        public double underShare() {
            return (double) underConfident / samples;
        }
    }

    /**
     * Compares two networks, in evaluation mode and without gradients, on a stream's epoch-0 batches.
     *
     * @param teacher (input, training flag) to logits
     * @param student the same for the student
     */
    public static Result measure(BiFunction<NDArray, Boolean, NDArray> teacher,
            BiFunction<NDArray, Boolean, NDArray> student, BatchStream stream, double tolerance, NDManager manager) {
        int n = 0;
        int over = 0;
        int under = 0;
        double sum = 0;
        double abs = 0;
        try (NoGrad ignored = NoGrad.open()) {
            for (int i = 0; i < stream.batchesPerEpoch(); i++) {
                Batch b = stream.batch(0, i);
                try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
                    NDArray x = b.x(m);
                    NDArray p = teacher.apply(x, false).softmax(1);
                    NDArray q = student.apply(x, false).softmax(1);
                    NDArray top = p.argMax(1).reshape(-1, 1);
                    double[] gap = q.gather(top, 1).sub(p.gather(top, 1)).toType(DataType.FLOAT64, false).toDoubleArray();
                    for (double g : gap) {
                        over += g > tolerance ? 1 : 0;
                        under += g < -tolerance ? 1 : 0;
                        sum += g;
                        abs += Math.abs(g);
                    }
                    n += gap.length;
                }
            }
        }
        return new Result(n, over, under, sum / n, abs / n);
    }
}
