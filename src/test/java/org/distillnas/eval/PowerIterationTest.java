package org.distillnas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.distillnas.eval.PowerIteration.LinearOperator;
import org.distillnas.eval.PowerIteration.Result;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/** Power iteration on operators whose eigenvalues are known by construction. */
class PowerIterationTest {
    /**
     * A = Q diag(5, 2, -1, 0.5) Q^T with the Householder reflection Q = I - 2 u u^T / (u^T u),
     * u = (1,1,1,1), i.e. Q_ij = delta_ij - 1/2 (symmetric and orthogonal). Then
     * A_ij = sum_k lambda_k (delta_ik - 1/2)(delta_jk - 1/2) = delta_ij lambda_i - (lambda_i + lambda_j)/2
     * + (sum lambda)/4, with sum lambda = 6.5: every diagonal entry is 1.625 and
     * A_ij = 1.625 - (lambda_i + lambda_j)/2 off the diagonal. All entries are exact in binary.
     */
    private static final double[][] A = {
        {1.625, -1.875, -0.375, -1.125},
        {-1.875, 1.625, 1.125, 0.375},
        {-0.375, 1.125, 1.625, 1.875},
        {-1.125, 0.375, 1.875, 1.625},
    };
    private static final double[] LAMBDAS = {5, 2, -1, 0.5};

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += m[i][j] * v[j];
            }
        }
        return out;
    }

    private static LinearOperator matrix(double[][] m) {
        return v -> multiply(m, v);
    }

    /** Column k of Q: e_k - (1/2, 1/2, 1/2, 1/2). */
    private static double[] q(int k) {
        double[] c = {-0.5, -0.5, -0.5, -0.5};
        c[k] += 1;
        return c;
    }

    /** The hand-written A really has the eigenpairs (lambda_k, q_k) it was built from. */
    @Test
    void constructedMatrixHasItsEigenpairs() {
        for (int k = 0; k < 4; k++) {
            double[] aq = multiply(A, q(k));
            for (int i = 0; i < 4; i++) {
                assertThat(aq[i]).isEqualTo(LAMBDAS[k] * q(k)[i]);
            }
        }
    }

    @Test
    void recoversDominantEigenpair() {
        Result r = PowerIteration.dominantEigenvalue(matrix(A), 4, 1000, 1e-14, 42);
        assertThat(r.converged()).isTrue();
        assertThat(r.eigenvalue()).isCloseTo(5, within(1e-8));
        double[] v = r.eigenvector();
        double sign = Math.signum(v[0]);
        double[] q0 = q(0);
        for (int i = 0; i < 4; i++) {
            assertThat(sign * v[i]).isCloseTo(q0[i], within(1e-6));
        }
        // The error falls by |2/5| per step: converging to 1e-7 takes about 18 steps, not 1 or 1000.
        assertThat(r.iterations()).isBetween(5, 100);
    }

    @Test
    void keepsSignOfNegativeDominantEigenvalue() {
        double[][] d = {{-7, 0, 0}, {0, 3, 0}, {0, 0, 1}};
        Result r = PowerIteration.dominantEigenvalue(matrix(d), 3, 1000, 1e-14, 7);
        assertThat(r.converged()).isTrue();
        assertThat(r.eigenvalue()).isCloseTo(-7, within(1e-8));
        assertThat(Math.abs(r.eigenvector()[0])).isCloseTo(1, within(1e-6));
    }

    /**
     * diag(1, -1): with v = (c, s) the Rayleigh quotient c^2 - s^2 never changes (the iterate only
     * flips s), so the eigenvalue-change test alone would report a false convergence; the residual
     * |Hv - lambda v| = |2cs| keeps it from converging.
     */
    @Test
    void equalMagnitudesOfOppositeSignDoNotConverge() {
        double[][] d = {{1, 0}, {0, -1}};
        AtomicInteger products = new AtomicInteger();
        LinearOperator op = v -> {
            products.incrementAndGet();
            return multiply(d, v);
        };
        Result r = PowerIteration.dominantEigenvalue(op, 2, 50, 1e-10, 3);
        assertThat(r.converged()).isFalse();
        assertThat(r.iterations()).isEqualTo(50);
        assertThat(products.get()).isEqualTo(50);
        double[] v = r.eigenvector();
        assertThat(r.eigenvalue()).isCloseTo(v[0] * v[0] - v[1] * v[1], within(1e-12));
    }

    @Test
    void zeroOperatorHasEigenvalueZero() {
        Result r = PowerIteration.dominantEigenvalue(v -> new double[v.length], 3, 10, 1e-6, 1);
        assertThat(r.converged()).isTrue();
        assertThat(r.eigenvalue()).isZero();
        assertThat(r.iterations()).isEqualTo(1);
    }

    @Test
    void sameSeedSameResult() {
        Result r1 = PowerIteration.dominantEigenvalue(matrix(A), 4, 5, 1e-14, 9);
        Result r2 = PowerIteration.dominantEigenvalue(matrix(A), 4, 5, 1e-14, 9);
        assertThat(r1.eigenvector()).containsExactly(r2.eigenvector());
        assertThat(r1.eigenvalue()).isEqualTo(r2.eigenvalue());
    }

    /**
     * The gradient of 0.5 x^T M x is M x, with M = tridiag(1, 2, 1) of size 3, whose eigenvalues
     * are 2 - sqrt(2), 2, 2 + sqrt(2). Central differences of a linear gradient are exact up to
     * rounding, so the product must match M v, whatever the length of v.
     */
    @Test
    void finiteDifferenceHvpOfQuadratic() {
        double[][] m = {{2, 1, 0}, {1, 2, 1}, {0, 1, 2}};
        AtomicInteger gradients = new AtomicInteger();
        Function<double[], double[]> gradient = x -> {
            gradients.incrementAndGet();
            return multiply(m, x);
        };
        double[] x = {0.3, -1.2, 2.0};
        LinearOperator hvp = PowerIteration.finiteDifferenceHvp(gradient, x, 1e-3);
        x[0] = 100; // the operator copied x
        for (double[] v : new double[][] {{1, 2, -1}, {1e3, -2e3, 5e2}, {1e-4, 0, 3e-4}}) {
            double[] expected = multiply(m, v);
            double[] got = hvp.apply(v);
            double scale = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            for (int i = 0; i < 3; i++) {
                assertThat(got[i]).isCloseTo(expected[i], within(1e-6 * scale));
            }
        }
        assertThat(gradients.get()).isEqualTo(6);
        assertThat(hvp.apply(new double[3])).containsExactly(0, 0, 0);
        assertThat(gradients.get()).isEqualTo(6);

        Result r = PowerIteration.dominantEigenvalue(hvp, 3, 1000, 1e-10, 5);
        assertThat(r.converged()).isTrue();
        assertThat(r.eigenvalue()).isCloseTo(2 + Math.sqrt(2), within(1e-6));
        // Eigenvector of 2 + sqrt(2): (1, sqrt(2), 1) / 2.
        double sign = Math.signum(r.eigenvector()[0]);
        assertThat(sign * r.eigenvector()[1]).isCloseTo(Math.sqrt(2) / 2, within(1e-4));
    }

    /** A curved gradient: f = sum x_i^4 / 4 has g = x^3 and Hessian diag(3 x_i^2). */
    @Test
    void finiteDifferenceHvpOfNonQuadratic() {
        double[] x = {1, -2};
        LinearOperator hvp = PowerIteration.finiteDifferenceHvp(
                p -> new double[] {p[0] * p[0] * p[0], p[1] * p[1] * p[1]}, x, 1e-4);
        double[] got = hvp.apply(new double[] {1, 1});
        // Exact: diag(3, 12) (1, 1) = (3, 12); the central difference adds h^2 v_i^3 with
        // h = 1e-4 / sqrt(2), i.e. 5e-9, well inside the tolerance.
        assertThat(got[0]).isCloseTo(3, within(1e-7));
        assertThat(got[1]).isCloseTo(12, within(1e-7));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> PowerIteration.dominantEigenvalue(matrix(A), 0, 10, 1e-6, 1))
                .isInstanceOf(BadInputException.class).hasMessage("dimension 0: expected at least 1");
        assertThatThrownBy(() -> PowerIteration.dominantEigenvalue(matrix(A), 4, 0, 1e-6, 1))
                .isInstanceOf(BadInputException.class).hasMessage("maxIterations 0: expected at least 1");
        assertThatThrownBy(() -> PowerIteration.dominantEigenvalue(matrix(A), 4, 10, Double.NaN, 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("tolerance NaN");
        assertThatThrownBy(() -> PowerIteration.dominantEigenvalue(matrix(A), 3, 10, 1e-6, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("length 4 for a vector of length 3");
        assertThatThrownBy(() -> PowerIteration.finiteDifferenceHvp(p -> p, new double[] {1}, 0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("step 0.0");
        assertThatThrownBy(() -> PowerIteration.finiteDifferenceHvp(p -> p, new double[0], 1e-3))
                .isInstanceOf(BadInputException.class).hasMessageContaining("empty point");
    }

    @Test
    void largestEigenvalueIsFoundWhenANegativeOneDominates() {
        // diag(-7, 3, 1): the dominant eigenvalue is -7, the largest is 3 (eigenvector e2)
        PowerIteration.LinearOperator op = v -> new double[] {-7 * v[0], 3 * v[1], v[2]};
        PowerIteration.Result r = PowerIteration.largestEigenvalue(op, 3, 500, 1e-10, 3);
        assertThat(r.converged()).isTrue();
        assertThat(r.eigenvalue()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Math.abs(r.eigenvector()[1])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        // and a positive dominant eigenvalue is returned as it is
        PowerIteration.LinearOperator pos = v -> new double[] {5 * v[0], -2 * v[1]};
        assertThat(PowerIteration.largestEigenvalue(pos, 2, 500, 1e-10, 3).eigenvalue())
                .isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-6));
    }
}
