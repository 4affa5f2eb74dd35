package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.distillnas.util.BadInputException;

/**
 * Hard voting: each teacher votes for its most probable class and the class with the most votes
 * wins. The target is a smoothed one-hot vector: {@code 1 - eps} on the winner and
 * {@code eps / (C - 1)} on each other class (with C = 1 the single class gets 1).
 *
 * <p>Ties, in this order:
 * <ol>
 *   <li>a teacher whose largest probability is shared by several classes votes for the lowest of
 *       those class indices;</li>
 *   <li>among the classes with the most votes, the one with the larger summed probability over all
 *       teachers ({@code s_c = sum_k p_kc}) wins;</li>
 *   <li>if the sums are equal too, the lower class index wins.</li>
 * </ol>
 * The votes and sums are compared in double precision on the host (the arrays are small: K x batch
 * x classes), so ties are exact, not subject to float rounding.
 *
 * <p>In self-distillation the teachers vote with their plain probabilities (T = 1) and the smoothed
 * one-hot is then softened like a teacher's output, {@code softmax(log p / T)} ({@link #votesOnLabels()}):
 * the student's softened prediction matches it exactly when the student's own (T = 1) prediction is
 * the smoothed one-hot. Comparing the unsoftened one-hot with {@code softmax(z / T)} under the T^2
 * factor would instead ask for logit gaps T times larger and let the term swamp the cross-entropy
 * (measured: training loss 27 instead of 2 at T = 4).
 */
public final class HardVoting implements Voting {
    private final double smoothing;

    /** @param smoothing eps in [0, 1): the mass spread over the losing classes */
    public HardVoting(double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new BadInputException("--sd-hard-smoothing " + smoothing + ": expected a number in [0, 1)");
        }
        this.smoothing = smoothing;
    }

    @Override
    public boolean votesOnLabels() {
        return true;
    }

    @Override
    public NDArray aggregate(NDArray teacherProbs) {
        Shape s = teacherProbs.getShape();
        int k = Math.toIntExact(s.get(0));
        int n = Math.toIntExact(s.get(1));
        int c = Math.toIntExact(s.get(2));
        double[] p;
        try (NDArray d = teacherProbs.toType(DataType.FLOAT64, false)) {
            p = d.toDoubleArray();
        }
        double other = c > 1 ? smoothing / (c - 1) : 0;
        double[] out = new double[n * c];
        for (int i = 0; i < n; i++) {
            int winner = winner(p, k, n, c, i);
            for (int j = 0; j < c; j++) {
                out[i * c + j] = c == 1 ? 1 : j == winner ? 1 - smoothing : other;
            }
        }
        try (NDArray d = teacherProbs.getManager().create(out, new Shape(n, c))) {
            return d.toType(teacherProbs.getDataType(), true);
        }
    }

    /** The winning class of sample {@code i}. */
    static int winner(double[] p, int k, int n, int c, int i) {
        int[] votes = new int[c];
        double[] sums = new double[c];
        for (int t = 0; t < k; t++) {
            int base = (t * n + i) * c;
            int top = 0;
            for (int j = 0; j < c; j++) {
                sums[j] += p[base + j];
                if (p[base + j] > p[base + top]) {
                    top = j;
                }
            }
            votes[top]++;
        }
        int best = 0;
        for (int j = 1; j < c; j++) {
            if (votes[j] > votes[best] || votes[j] == votes[best] && sums[j] > sums[best]) {
                best = j;
            }
        }
        return best;
    }
}
