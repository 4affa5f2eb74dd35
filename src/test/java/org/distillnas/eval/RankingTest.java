package org.distillnas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * Kendall's tau-b and Spearman's rho against values worked out by hand. scipy is not installed on
 * this machine; the hand values are what scipy.stats.kendalltau (variant "b", its default) and
 * scipy.stats.spearmanr (average ranks for ties) define.
 */
class RankingTest {
    private static final double EXACT = 1e-12;

    /**
     * a = {1,2,3,4,5}, b = {3,4,1,2,5}, no ties. The 10 pairs (i,j), i<j, by the order of b:
     * (0,1) 3<4 C, (0,2) 3>1 D, (0,3) 3>2 D, (0,4) 3<5 C, (1,2) 4>1 D, (1,3) 4>2 D, (1,4) 4<5 C,
     * (2,3) 1<2 C, (2,4) 1<5 C, (3,4) 2<5 C: C = 6, D = 4, tau = (6-4)/10 = 0.2.
     *
     * <p>Ranks r = {1,2,3,4,5}, s = {3,4,1,2,5}, mean 3: deviations {-2,-1,0,1,2} and {0,1,-2,-1,2};
     * covariance sum 0 - 1 + 0 - 1 + 4 = 2, both squared sums 10: rho = 2/10 = 0.2 (also
     * 1 - 6 * sum d^2 / (n(n^2-1)) = 1 - 6*16/120 = 0.2).
     */
    @Test
    void untiedExample() {
        double[] a = {1, 2, 3, 4, 5};
        double[] b = {3, 4, 1, 2, 5};
        assertThat(Ranking.kendallTau(a, b)).isCloseTo(0.2, within(EXACT));
        assertThat(Ranking.spearmanRho(a, b)).isCloseTo(0.2, within(EXACT));
    }

    /**
     * a = {1,2,2,3}, b = {1,3,2,4}. Pairs: (0,1) C, (0,2) C, (0,3) C, (1,2) tied in a (neither),
     * (1,3) C, (2,3) C: C = 5, D = 0. n0 = 6, n1 = 1 (one group of 2 in a), n2 = 0.
     * tau_b = 5 / sqrt((6-1)(6-0)) = 5/sqrt(30) = 0.9128709291752769 (tau-a would be 5/6).
     *
     * <p>Ranks r = {1, 2.5, 2.5, 4}, s = {1, 3, 2, 4}, mean 2.5: deviations {-1.5, 0, 0, 1.5} and
     * {-1.5, 0.5, -0.5, 1.5}; covariance sum 2.25 + 2.25 = 4.5, squared sums 4.5 and 5:
     * rho = 4.5 / sqrt(22.5) = sqrt(0.9) = 0.9486832980505138.
     */
    @Test
    void tiesInOneVector() {
        double[] a = {1, 2, 2, 3};
        double[] b = {1, 3, 2, 4};
        assertThat(Ranking.averageRanks(a)).containsExactly(1, 2.5, 2.5, 4);
        assertThat(Ranking.kendallTau(a, b)).isCloseTo(5 / Math.sqrt(30), within(EXACT));
        assertThat(Ranking.spearmanRho(a, b)).isCloseTo(Math.sqrt(0.9), within(EXACT));
    }

    /**
     * a = {1,1,2,3,3}, b = {2,1,1,3,2}, ties in both and one discordant pair. Pairs:
     * (0,1) tied in a, (0,2) a up b down D, (0,3) C, (0,4) tied in b, (1,2) tied in b, (1,3) C,
     * (1,4) C, (2,3) C, (2,4) C, (3,4) tied in a: C = 5, D = 1. n0 = 10; n1 = 1 + 1 (groups {1,1}
     * and {3,3}); n2 = 1 + 1 (groups {2,2} and {1,1}). tau_b = 4 / sqrt(8 * 8) = 0.5.
     *
     * <p>Ranks r = {1.5, 1.5, 3, 4.5, 4.5}, s = {3.5, 1.5, 1.5, 5, 3.5}, mean 3: deviations
     * {-1.5,-1.5,0,1.5,1.5} and {0.5,-1.5,-1.5,2,0.5}; covariance sum -0.75 + 2.25 + 0 + 3 + 0.75
     * = 5.25, squared sums 9 and 9: rho = 5.25 / 9 = 7/12.
     */
    @Test
    void tiesInBothVectors() {
        double[] a = {1, 1, 2, 3, 3};
        double[] b = {2, 1, 1, 3, 2};
        assertThat(Ranking.averageRanks(b)).containsExactly(3.5, 1.5, 1.5, 5, 3.5);
        assertThat(Ranking.kendallTau(a, b)).isCloseTo(0.5, within(EXACT));
        assertThat(Ranking.spearmanRho(a, b)).isCloseTo(7.0 / 12, within(EXACT));
    }

    /**
     * Tau-b, unlike tau-a, reaches 1 when the ties agree: a = {1,1,2}, b = {5,5,7} has C = 2,
     * n0 = 3, n1 = n2 = 1, so 2 / sqrt(2 * 2) = 1 (tau-a: 2/3).
     */
    @Test
    void agreeingTiesGiveOne() {
        assertThat(Ranking.kendallTau(new double[] {1, 1, 2}, new double[] {5, 5, 7})).isCloseTo(1, within(EXACT));
        assertThat(Ranking.spearmanRho(new double[] {1, 1, 2}, new double[] {5, 5, 7})).isCloseTo(1, within(EXACT));
    }

    @Test
    void perfectAndReversedOrder() {
        double[] a = {0.1, 0.5, 0.2, 0.9, 0.3, 0.7};
        double[] sameOrder = {10, 50, 20, 90, 30, 70};
        double[] reversed = {-1, -5, -2, -9, -3, -7};
        assertThat(Ranking.kendallTau(a, sameOrder)).isCloseTo(1, within(EXACT));
        assertThat(Ranking.spearmanRho(a, sameOrder)).isCloseTo(1, within(EXACT));
        assertThat(Ranking.kendallTau(a, reversed)).isCloseTo(-1, within(EXACT));
        assertThat(Ranking.spearmanRho(a, reversed)).isCloseTo(-1, within(EXACT));
    }

    @Test
    void constantVectorGivesNaN() {
        double[] a = {1, 2, 3};
        double[] constant = {4, 4, 4};
        assertThat(Ranking.kendallTau(a, constant)).isNaN();
        assertThat(Ranking.kendallTau(constant, a)).isNaN();
        assertThat(Ranking.spearmanRho(a, constant)).isNaN();
        assertThat(Ranking.spearmanRho(constant, a)).isNaN();
    }

    /** Negative zero is the same score as zero: {0.0, -0.0} is one tie group. */
    @Test
    void signedZerosTie() {
        assertThat(Ranking.averageRanks(new double[] {0.0, 1, -0.0})).containsExactly(1.5, 3, 1.5);
        assertThat(Ranking.kendallTau(new double[] {0.0, -0.0}, new double[] {1, 2})).isNaN();
    }

    @Test
    void averageRanksOfUnsortedValues() {
        assertThat(Ranking.averageRanks(new double[] {10, 20, 20, 5})).containsExactly(2, 3.5, 3.5, 1);
        assertThat(Ranking.averageRanks(new double[] {7, 7, 7})).containsExactly(2, 2, 2);
    }

    @Test
    void badInputsNameTheValue() {
        assertThatThrownBy(() -> Ranking.kendallTau(new double[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(BadInputException.class).hasMessage("score vectors differ in length: 3 and 2");
        assertThatThrownBy(() -> Ranking.spearmanRho(new double[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("3 and 2");
        assertThatThrownBy(() -> Ranking.kendallTau(new double[] {1}, new double[] {1}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("length 1");
        assertThatThrownBy(() -> Ranking.spearmanRho(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("score 1 is NaN");
    }
}
