package org.distillnas.eval;

import java.util.Random;
import java.util.function.Function;
import org.distillnas.util.BadInputException;

/**
 * The dominant eigenvalue of a symmetric linear operator known only through its product with a
 * vector, such as the Hessian of the validation loss with respect to the architecture weights:
 * its dominant eigenvalue is the "sharpness" that tracks when a DARTS search starts to collapse.
 * The Hessian is never formed; each iteration costs one Hessian-vector product.
 *
 * <p>Power iteration converges to the eigenvalue of largest <em>magnitude</em>, which is not the
 * largest eigenvalue when a negative one is bigger in absolute value; the Rayleigh quotient keeps
 * its sign. The error shrinks each iteration by about |lambda_2| / |lambda_1|, so two eigenvalues of
 * (nearly) equal magnitude converge slowly or, with opposite signs, not at all.
 */
public final class PowerIteration {
    private PowerIteration() {}

    /** A symmetric linear map given as a matrix-free product {@code v -> H v}. */
    @FunctionalInterface
    public interface LinearOperator {
        /** Returns {@code H v}, a new array of the same length as {@code v}; must not modify v. */
        double[] apply(double[] v);
    }

    /**
     * @param eigenvalue the Rayleigh quotient {@code v . H v} of {@link #eigenvector}
     * @param eigenvector unit-length estimate of the eigenvector, defined up to sign
     * @param iterations products with the operator made
     * @param converged whether the stopping test passed before {@code maxIterations} ran out
     */
    public record Result(double eigenvalue, double[] eigenvector, int iterations, boolean converged) {}

    /**
     * Power iteration from a seeded random unit vector {@code v}:
     *
     * <pre>
     *   w = H v,   lambda_k = v . w   (Rayleigh quotient, |v| = 1),   v &lt;- w / |w|
     * </pre>
     *
     * stopping at the first iteration k &ge; 2 (so maxIterations 1 never converges) where both
     *
     * <pre>
     *   |lambda_k - lambda_(k-1)| &lt;= tolerance * |H v|
     *   |H v - lambda_k v|       &lt;= sqrt(tolerance) * |H v|
     * </pre>
     *
     * The second (residual) test is needed because the first alone is fooled by eigenvalues +l and
     * -l: the iterate then flips its component along the negative eigenvector each step while the
     * Rayleigh quotient stays put, at a value that is no eigenvalue. For a symmetric operator the
     * Rayleigh quotient's error is about residual^2 / gap, so a residual of sqrt(tolerance) matches
     * an eigenvalue error of the order of tolerance.
     *
     * <p>If {@code H v} is exactly zero, v lies in the null space and 0 is returned as converged:
     * from a random start this only happens when the operator is zero.
     *
     * @param dim length of the vectors the operator acts on
     * @param maxIterations most products with the operator
     * @param tolerance relative tolerance, e.g. 1e-4 with finite-difference products
     * @param seed seed of the random start, so that a run is repeatable
     * @throws BadInputException if dim or maxIterations is below 1, or tolerance is negative or NaN
     * @throws IllegalStateException if the operator returns a vector of the wrong length or a
     *     non-finite value
     */
    public static Result dominantEigenvalue(LinearOperator op, int dim, int maxIterations, double tolerance,
            long seed) {
        if (dim < 1) {
            throw new BadInputException("dimension " + dim + ": expected at least 1");
        }
        if (maxIterations < 1) {
            throw new BadInputException("maxIterations " + maxIterations + ": expected at least 1");
        }
        if (!(tolerance >= 0)) {
            throw new BadInputException("tolerance " + tolerance + ": expected a number >= 0");
        }
        double[] v = randomUnitVector(dim, seed);
        double previous = Double.NaN;
        for (int k = 1; k <= maxIterations; k++) {
            double[] w = op.apply(v);
            checkOutput(w, dim);
            double lambda = dot(v, w);
            double norm = norm(w);
            if (norm == 0) {
                return new Result(0, v, k, true);
            }
            // |H v| is the operator's own scale near v (>= |lambda|, equal at an eigenvector): the
            // test is then the same for H and c H, where max(1, |lambda|) made it an absolute
            // tolerance that any curvature below 1 passed after two iterations.
            double scale = norm;
            if (k >= 2 && Math.abs(lambda - previous) <= tolerance * scale
                    && residual(w, lambda, v) <= Math.sqrt(tolerance) * scale) {
                // Return v, not w / |w|: v is the vector whose Rayleigh quotient is lambda.
                return new Result(lambda, v, k, true);
            }
            if (k == maxIterations) {
                // Stop before advancing v, so the reported quotient is still that of v and no
                // product is spent beyond the budget.
                return new Result(lambda, v, k, false);
            }
            previous = lambda;
            for (int i = 0; i < dim; i++) {
                w[i] /= norm;
            }
            v = w;
        }
        throw new AssertionError("unreachable: the last iteration returns");
    }

    /**
     * A Hessian-vector product by central differences of a gradient function g at x:
     *
     * <pre>
     *   H v ~= (g(x + h v) - g(x - h v)) / (2 h),   h = eps / |v|
     * </pre>
     *
     * Scaling h by 1/|v| makes the step in parameter space have length eps whatever the size of v,
     * so the truncation error (order eps^2, exact for a quadratic) and the cancellation error
     * (order machine precision / eps) do not depend on how v is normalised. Each product costs two
     * gradient evaluations. The zero vector maps to zero without calling g.
     *
     * @param gradient the gradient of the loss, e.g. with respect to the architecture weights;
     *     must not modify its argument
     * @param x the point at which the Hessian is taken; copied, so later changes to the array do
     *     not move it
     * @param eps length of the finite-difference step, e.g. 1e-3
     * @throws BadInputException if x is empty or eps is not a positive finite number
     */
    public static LinearOperator finiteDifferenceHvp(Function<double[], double[]> gradient, double[] x, double eps) {
        if (x.length == 0) {
            throw new BadInputException("finite-difference Hessian at an empty point: expected at least 1 coordinate");
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new BadInputException("finite-difference step " + eps + ": expected a positive finite number");
        }
        double[] at = x.clone();
        return v -> {
            if (v.length != at.length) {
                throw new IllegalArgumentException("vector of length " + v.length + " for a Hessian of size " + at.length);
            }
            double vNorm = norm(v);
            if (vNorm == 0) {
                return new double[v.length];
            }
            double h = eps / vNorm;
            double[] plus = new double[at.length];
            double[] minus = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                plus[i] = at[i] + h * v[i];
                minus[i] = at[i] - h * v[i];
            }
            double[] gPlus = gradient.apply(plus);
            double[] gMinus = gradient.apply(minus);
            checkOutput(gPlus, at.length);
            checkOutput(gMinus, at.length);
            double[] hv = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                hv[i] = (gPlus[i] - gMinus[i]) / (2 * h);
            }
            return hv;
        };
    }

    /** A direction uniform on the unit sphere: normalised independent standard normals. */
    private static double[] randomUnitVector(int dim, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[dim];
        double norm = 0;
        // A vector of all zeros has probability zero but would divide by zero; draw again.
        while (norm == 0) {
            for (int i = 0; i < dim; i++) {
                v[i] = rng.nextGaussian();
            }
            norm = norm(v);
        }
        for (int i = 0; i < dim; i++) {
            v[i] /= norm;
        }
        return v;
    }

    /** |w - lambda v|, how far (lambda, v) is from being an eigenpair. */
    private static double residual(double[] w, double lambda, double[] v) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            double r = w[i] - lambda * v[i];
            sum += r * r;
        }
        return Math.sqrt(sum);
    }

    private static void checkOutput(double[] w, int dim) {
        if (w == null || w.length != dim) {
            throw new IllegalStateException("operator returned " + (w == null ? "null" : "length " + w.length)
                    + " for a vector of length " + dim);
        }
        for (int i = 0; i < dim; i++) {
            if (!Double.isFinite(w[i])) {
                throw new IllegalStateException("operator returned " + w[i] + " at index " + i);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /**
     * The largest (algebraic) eigenvalue of a symmetric operator: power iteration first; when the
     * eigenvalue of largest magnitude is negative (mu < 0), a second run on {@code H - mu I}, whose
     * eigenvalues {@code lambda_i - mu} are all non-negative, finds {@code lambda_max - mu}.
     * Iterations and convergence of both runs are combined in the result.
     */
    public static Result largestEigenvalue(LinearOperator op, int dim, int maxIterations, double tolerance, long seed) {
        Result r = dominantEigenvalue(op, dim, maxIterations, tolerance, seed);
        if (r.eigenvalue() >= 0) {
            return r;
        }
        double mu = r.eigenvalue();
        LinearOperator shifted = v -> {
            double[] hv = op.apply(v);
            for (int i = 0; i < hv.length; i++) {
                hv[i] -= mu * v[i];
            }
            return hv;
        };
        Result s = dominantEigenvalue(shifted, dim, maxIterations, tolerance, seed + 1);
        return new Result(s.eigenvalue() + mu, s.eigenvector(), r.iterations() + s.iterations(),
                r.converged() && s.converged());
    }
}
