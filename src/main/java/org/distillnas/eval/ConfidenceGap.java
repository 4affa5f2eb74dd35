package org.distillnas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
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
     * The teacher's side of the comparison, computed once for all its students: per batch of the
     * stream's epoch 0, each image's predicted class c* and its probability p_{c*}.
     */
    public record Teacher(List<long[]> topClasses, List<double[]> topProbs) {
        /** Runs the teacher over the stream in evaluation mode, without gradients. */
        public static Teacher of(BiFunction<NDArray, Boolean, NDArray> teacher, BatchStream stream, NDManager manager) {
            List<long[]> classes = new ArrayList<>();
            List<double[]> probs = new ArrayList<>();
            try (NoGrad ignored = NoGrad.open()) {
                for (int i = 0; i < stream.batchesPerEpoch(); i++) {
                    try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
                        NDArray p = teacher.apply(stream.batch(0, i).x(m), false).softmax(1);
                        NDArray top = p.argMax(1).reshape(-1, 1);
                        classes.add(top.toType(DataType.INT64, false).toLongArray());
                        probs.add(p.gather(top, 1).toType(DataType.FLOAT64, false).toDoubleArray());
                    }
                }
            }
            return new Teacher(classes, probs);
        }
    }

    /**
     * Compares a student with a teacher, in evaluation mode and without gradients, on the stream
     * the teacher was run on.
     *
     * @param student (input, training flag) to logits
     */
    public static Result measure(Teacher teacher, BiFunction<NDArray, Boolean, NDArray> student, BatchStream stream,
            double tolerance, NDManager manager) {
        int n = 0;
        int over = 0;
        int under = 0;
        double sum = 0;
        double abs = 0;
        try (NoGrad ignored = NoGrad.open()) {
            for (int i = 0; i < stream.batchesPerEpoch(); i++) {
                try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
                    NDArray q = student.apply(stream.batch(0, i).x(m), false).softmax(1);
                    long[] classes = teacher.topClasses().get(i);
                    double[] qTop = q.gather(m.create(classes).reshape(-1, 1), 1).toType(DataType.FLOAT64, false)
                            .toDoubleArray();
                    double[] pTop = teacher.topProbs().get(i);
                    for (int k = 0; k < qTop.length; k++) {
                        double g = qTop[k] - pTop[k];
                        over += g > tolerance ? 1 : 0;
                        under += g < -tolerance ? 1 : 0;
                        sum += g;
                        abs += Math.abs(g);
                    }
                    n += qTop.length;
                }
            }
        }
        return new Result(n, over, under, sum / n, abs / n);
    }
}
