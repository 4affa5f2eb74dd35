package org.distillnas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/** The exact solver on matrices whose eigenvalues are known by hand. */
class ExactEigenTest {
    private static PowerIteration.LinearOperator matrix(double[][] a, AtomicInteger calls) {
        return v -> {
            calls.incrementAndGet();
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < v.length; j++) {
                    out[i] += a[i][j] * v[j];
                }
            }
            return out;
        };
    }

    /** [[2, 1], [1, 2]] has eigenvalues 3 and 1; the top eigenvector is (1, 1) / sqrt 2. */
    @Test
    void twoByTwo() {
        AtomicInteger calls = new AtomicInteger();
        ExactEigen.Result r = ExactEigen.largestEigenvalue(matrix(new double[][] {{2, 1}, {1, 2}}, calls), 2);
        assertThat(r.eigenvalue()).isCloseTo(3, within(1e-12));
        assertThat(r.top()).containsExactly(new double[] {3, 1}, within(1e-12));
        assertThat(Math.abs(r.eigenvector()[0])).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(r.eigenvector()[0] * r.eigenvector()[1]).isPositive();
        assertThat(r.asymmetry()).isZero();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(r.asIterationResult().converged()).isTrue();
        assertThat(r.asIterationResult().iterations()).isEqualTo(2);
    }

    /**
     * diag(-5, 1, 0.5) rotated: power iteration would first find -5 (largest magnitude); the exact
     * solver returns the largest algebraic eigenvalue 1 directly.
     */
    @Test
    void negativeDominantEigenvalueDoesNotHideTheLargest() {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double[][] q = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
        double[] d = {-5, 1, 0.5};
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    a[i][j] += q[i][k] * d[k] * q[j][k];
                }
            }
        }
        ExactEigen.Result r = ExactEigen.largestEigenvalue(matrix(a, new AtomicInteger()), 3);
        assertThat(r.eigenvalue()).isCloseTo(1, within(1e-12));
        assertThat(r.top()).containsExactly(new double[] {1, 0.5, -5}, within(1e-12));
        // the eigenvector of 1 is Q's second column (-s, c, 0), up to sign
        assertThat(Math.abs(r.eigenvector()[0] * -s + r.eigenvector()[1] * c)).isCloseTo(1, within(1e-12));
    }

    /**
     * [[1, 0.2], [0, 1]] is decomposed through its symmetric part [[1, 0.1], [0.1, 1]] (eigenvalues 1.1
     * and 0.9); the asymmetry is |A - A^T| / |A + A^T| = sqrt(0.08) / sqrt(8.08).
     */
    @Test
    void nonSymmetricProductsAreSymmetrisedAndReported() {
        ExactEigen.Result r = ExactEigen.largestEigenvalue(matrix(new double[][] {{1, 0.2}, {0, 1}}, new AtomicInteger()), 2);
        assertThat(r.eigenvalue()).isCloseTo(1.1, within(1e-12));
        assertThat(r.asymmetry()).isCloseTo(Math.sqrt(0.08 / 8.08), within(1e-12));
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> ExactEigen.largestEigenvalue(v -> v, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("dimension 0");
        assertThatThrownBy(() -> ExactEigen.largestEigenvalue(v -> new double[1], 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> ExactEigen.largestEigenvalue(v -> new double[] {Double.NaN, 0}, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite");
    }

    @Test
    void solverNamesParseAndAutoPicksBySize() {
        assertThat(Sharpness.Solver.parse("EXACT", "--x")).isEqualTo(Sharpness.Solver.EXACT);
        assertThat(Sharpness.Solver.AUTO.resolve(30)).isEqualTo(Sharpness.Solver.EXACT);
        assertThat(Sharpness.Solver.AUTO.resolve(224)).isEqualTo(Sharpness.Solver.POWER);
        assertThat(Sharpness.Solver.POWER.resolve(30)).isEqualTo(Sharpness.Solver.POWER);
        assertThatThrownBy(() -> Sharpness.Solver.parse("lanczos", "--sharpness-solver"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--sharpness-solver 'lanczos': expected auto, exact or power");
    }

    /**
     * A gradient with a jump (a ReLU changing sign) 3e-8 from the point along the first axis:
     * radius 1e-7 crosses it and gives a badly antisymmetric Hessian, so the solver retries at 1e-8,
     * which does not, and finds diag(2, 1)'s eigenvalue 2. Three attempts that all cross it are
     * reported as not converged.
     */
    @Test
    void aJumpInsideTheRadiusIsDetectedAndAvoided() {
        double[] x = {0.5, -0.25};
        java.util.function.Function<double[], double[]> grad = a -> new double[] {
            2 * a[0], a[1] + (a[0] > x[0] + 3e-8 ? 1e-4 : 0)};
        Sharpness.Estimate e = Sharpness.exact(grad, x, 1e-7);
        assertThat(e.radius()).isEqualTo(1e-8);
        assertThat(e.products()).isEqualTo(4);
        assertThat(e.converged()).isTrue();
        assertThat(e.eigenvalue()).isCloseTo(2, within(1e-6));

        java.util.function.Function<double[], double[]> close = a -> new double[] {
            2 * a[0], a[1] + (a[0] > x[0] + 1e-12 ? 1e-4 : 0)};
        Sharpness.Estimate bad = Sharpness.exact(close, x, 1e-7);
        assertThat(bad.converged()).isFalse();
        assertThat(bad.products()).isEqualTo(6);
        assertThat(bad.radius()).isCloseTo(1e-9, within(1e-24));
        assertThat(bad.asymmetry()).isGreaterThan(Sharpness.ASYMMETRY_LIMIT);
    }
}
