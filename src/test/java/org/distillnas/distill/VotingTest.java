package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three voting rules on fixed teacher outputs. Probabilities are multiples of 1/8 (exact in
 * binary), so ties are exact ties.
 */
class VotingTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /** (K, N, C) from rows given teacher by teacher, sample by sample. */
    private static NDArray probs(NDManager m, int k, int n, int c, double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return m.create(f, new Shape(k, n, c));
    }

    /**
     * Two teachers, two samples:
     * sample 0: A [1/2, 1/4, 1/4], B [1/4, 1/2, 1/4] -> mean [3/8, 3/8, 1/4]
     * sample 1: A [1, 0, 0],       B [0, 0, 1]       -> mean [1/2, 0, 1/2]
     */
    @Test
    void softVotingIsTheMeanOfProbabilities() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = probs(m, 2, 2, 3,
                    0.5, 0.25, 0.25, 1, 0, 0,
                    0.25, 0.5, 0.25, 0, 0, 1);
            NDArray v = new SoftVoting().aggregate(p);
            assertThat(v.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(v.toFloatArray()).containsExactly(0.375f, 0.375f, 0.25f, 0.5f, 0f, 0.5f);
        }
    }

    /**
     * Three teachers (A, B, C), four samples, 3 classes, eps = 0.2 (winner 0.8, others 0.1 each).
     *
     * <pre>
     * sample 0, majority:           A [5/8,2/8,1/8] -> 0, B [6/8,1/8,1/8] -> 0, C [1/8,6/8,1/8] -> 1
     *                               votes 2:1:0 -> class 0
     * sample 1, three-way tie:      A [4/8,3/8,1/8] -> 0, B [1/8,4/8,3/8] -> 1, C [1/8,3/8,4/8] -> 2
     *                               votes 1:1:1; sums 6/8, 10/8, 8/8 -> class 1 (largest sum)
     * sample 2, tie in votes and sums:
     *                               A [4/8,2/8,2/8] -> 0, B [2/8,4/8,2/8] -> 1, C [2/8,2/8,4/8] -> 2
     *                               votes 1:1:1; sums 8/8 each -> class 0 (lowest index)
     * sample 3, majority against a larger sum:
     *                               A [3/8,4/8,1/8] -> 1, B [3/8,4/8,1/8] -> 1, C [1,0,0] -> 0
     *                               votes 1:2:0 -> class 1, though class 0's sum is larger (14/8 vs 8/8)
     * </pre>
     */
    @Test
    void hardVotingTakesTheMajorityAndBreaksTiesBySumThenIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = probs(m, 3, 4, 3,
                    // teacher A: samples 0..3
                    5 / 8.0, 2 / 8.0, 1 / 8.0, 4 / 8.0, 3 / 8.0, 1 / 8.0, 4 / 8.0, 2 / 8.0, 2 / 8.0, 3 / 8.0, 4 / 8.0, 1 / 8.0,
                    // teacher B
                    6 / 8.0, 1 / 8.0, 1 / 8.0, 1 / 8.0, 4 / 8.0, 3 / 8.0, 2 / 8.0, 4 / 8.0, 2 / 8.0, 3 / 8.0, 4 / 8.0, 1 / 8.0,
                    // teacher C
                    1 / 8.0, 6 / 8.0, 1 / 8.0, 1 / 8.0, 3 / 8.0, 4 / 8.0, 2 / 8.0, 2 / 8.0, 4 / 8.0, 1, 0, 0);
            NDArray v = new HardVoting(0.2).aggregate(p);
            assertThat(v.getShape()).isEqualTo(new Shape(4, 3));
            assertThat(v.toFloatArray()).containsExactly(new float[] {
                0.8f, 0.1f, 0.1f,
                0.1f, 0.8f, 0.1f,
                0.8f, 0.1f, 0.1f,
                0.1f, 0.8f, 0.1f}, within(1e-7f));
        }
    }

    /**
     * Two teachers tie 1:1 between classes 1 and 2; class 2 has the larger summed probability:
     * A [0, 5/8, 3/8] -> 1, B [0, 2/8, 6/8] -> 2; sums 7/8 (class 1) vs 9/8 (class 2) -> class 2.
     * A teacher whose top probability is shared votes for the lower index: C [1/2, 1/2, 0] -> 0,
     * alone: class 0. eps = 0 gives a plain one-hot.
     */
    @Test
    void hardVotingTieGoesToTheLargerSumEvenAtAHigherIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = probs(m, 2, 1, 3, 0, 5 / 8.0, 3 / 8.0, 0, 2 / 8.0, 6 / 8.0);
            assertThat(new HardVoting(0).aggregate(p).toFloatArray()).containsExactly(0f, 0f, 1f);
            NDArray shared = probs(m, 1, 1, 3, 0.5, 0.5, 0);
            assertThat(new HardVoting(0).aggregate(shared).toFloatArray()).containsExactly(1f, 0f, 0f);
        }
    }

    /**
     * Sample 0: A [1/2, 1/4, 1/4] (confidence 1/2), B [1/8, 3/4, 1/8] (confidence 3/4):
     *   weights 0.5/1.25 = 0.4 and 0.75/1.25 = 0.6;
     *   p = 0.4 A + 0.6 B = [0.2 + 0.075, 0.1 + 0.45, 0.1 + 0.075] = [0.275, 0.55, 0.175].
     * Sample 1: equal confidences (1/2 each) give the plain mean:
     *   A [1/2, 1/2, 0], B [0, 1/2, 1/2] -> [1/4, 1/2, 1/4].
     */
    @Test
    void confidenceVotingWeighsEachTeacherByItsTopProbability() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = probs(m, 2, 2, 3,
                    0.5, 0.25, 0.25, 0.5, 0.5, 0,
                    0.125, 0.75, 0.125, 0, 0.5, 0.5);
            NDArray v = new ConfidenceVoting().aggregate(p);
            assertThat(v.toFloatArray()).containsExactly(new float[] {0.275f, 0.55f, 0.175f, 0.25f, 0.5f, 0.25f},
                    within(1e-6f));
        }
    }

    @Test
    void oneTeacherPassesThroughSoftAndConfidenceVoting() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = probs(m, 1, 1, 3, 0.25, 0.5, 0.25);
            assertThat(new SoftVoting().aggregate(p).toFloatArray()).containsExactly(0.25f, 0.5f, 0.25f);
            assertThat(new ConfidenceVoting().aggregate(p).toFloatArray()).containsExactly(0.25f, 0.5f, 0.25f);
        }
    }

    @Test
    void rulesByNameAndBadNames() {
        assertThat(Voting.byName("soft", 0.1)).isInstanceOf(SoftVoting.class);
        assertThat(Voting.byName("hard", 0.1)).isInstanceOf(HardVoting.class);
        assertThat(Voting.byName("confidence", 0.1)).isInstanceOf(ConfidenceVoting.class);
        assertThatThrownBy(() -> Voting.byName("majority", 0.1)).isInstanceOf(BadInputException.class)
                .hasMessage("--sd-vote majority: expected one of soft, hard, confidence");
        assertThatThrownBy(() -> new HardVoting(1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--sd-hard-smoothing 1.0");
    }
}
