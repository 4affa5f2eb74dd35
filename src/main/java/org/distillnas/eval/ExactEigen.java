package org.distillnas.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.distillnas.util.BadInputException;

/**
 * The largest eigenvalue of a small symmetric operator, exactly: the matrix is assembled column by
 * column from {@code dim} products {@code H e_j}, symmetrised, and decomposed. For the NAS-Bench-201
 * cell (30 architecture weights) that is 30 Hessian-vector products, about what power iteration
 * spends, but with no convergence question: power iteration stalls when the top eigenvalues are close
 * or of opposite sign, which is the rule for a supernet's Hessian (every softmax row has a zero
 * eigenvalue along {@code (1, ..., 1)}).
 *
 * <p>Finite-difference products give a slightly non-symmetric matrix; the symmetric part
 * {@code (H + H^T) / 2} is decomposed and the relative size of the antisymmetric part is reported,
 * as a check of the products' accuracy.
 */
public final class ExactEigen {
    private ExactEigen() {}

    /**
     * @param eigenvalue the largest (algebraic) eigenvalue of the symmetric part
     * @param eigenvector its unit eigenvector
     * @param top all eigenvalues, largest first
     * @param asymmetry {@code |H - H^T|_F / |H + H^T|_F} of the assembled matrix (0 for an exactly
     *     symmetric one)
     */
    public record Result(double eigenvalue, double[] eigenvector, double[] top, double asymmetry) {
        /** As a power-iteration result: {@code dim} products, always converged. */
        public PowerIteration.Result asIterationResult() {
            return new PowerIteration.Result(eigenvalue, eigenvector, eigenvector.length, true);
        }
    }

    /**
     * @param dim length of the vectors the operator acts on; costs this many products
     * @throws BadInputException if dim is below 1
     * @throws IllegalStateException if a product has the wrong length or a non-finite entry
     */
    public static Result largestEigenvalue(PowerIteration.LinearOperator op, int dim) {
        if (dim < 1) {
            throw new BadInputException("dimension " + dim + ": expected at least 1");
        }
        double[][] h = new double[dim][dim];
        for (int j = 0; j < dim; j++) {
            double[] e = new double[dim];
            e[j] = 1;
            double[] col = op.apply(e);
            if (col.length != dim) {
                throw new IllegalStateException("operator returned " + col.length + " values, expected " + dim);
            }
            for (int i = 0; i < dim; i++) {
                if (!Double.isFinite(col[i])) {
                    throw new IllegalStateException("operator returned a non-finite value at (" + i + ", " + j + ")");
                }
                h[i][j] = col[i];
            }
        }
        double antisym = 0;
        double sym = 0;
        double[][] s = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                s[i][j] = (h[i][j] + h[j][i]) / 2;
                antisym += (h[i][j] - h[j][i]) * (h[i][j] - h[j][i]);
                sym += (h[i][j] + h[j][i]) * (h[i][j] + h[j][i]);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(s, false));
        double[] values = eig.getRealEigenvalues().clone();
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        double[] vector = eig.getEigenvector(best).toArray();
        java.util.Arrays.sort(values);
        double[] top = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            top[k] = values[values.length - 1 - k];
        }
        return new Result(top[0], vector, top, sym == 0 ? 0 : Math.sqrt(antisym / sym));
    }
}
