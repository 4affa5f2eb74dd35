package org.distillnas.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.distillnas.data.Batch;
import org.distillnas.data.BatchStream;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.strategy.Grads;
import org.distillnas.supernet.Supernet;
import org.distillnas.train.Losses;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.BadInputException;
import org.distillnas.util.NoGrad;

/**
 * The sharpness of a search: the dominant eigenvalue of the Hessian of the validation loss with
 * respect to the architecture weights, {@code lambda_max(d^2 L_val / d alpha^2)} (Zela et al.,
 * RobustDARTS; the quantity SD-DARTS lowers), by power iteration on Hessian-vector products over a
 * fixed set of validation batches in training mode (as the architecture step sees them). Power
 * iteration finds the eigenvalue of largest magnitude; when that one is negative, a second run on
 * the shifted operator {@code H - lambda I} finds the largest (algebraic) eigenvalue, the one the
 * sharpness literature reports. Power iteration converges slowly or not at all when the top
 * eigenvalues are close or of opposite sign, as they often are here; for a small Hessian (the
 * NAS-Bench-201 cell's 30 weights) the exact solver assembles it from one product per weight and
 * decomposes it instead ({@link Solver}).
 *
 * <p>The products are central differences of the exact alpha gradient,
 * {@code Hv ~ (g(a + eps v) - g(a - eps v)) / 2 eps}, taken on a double-precision copy of the
 * supernet with {@code eps = 1e-7}. The radius has to be that small: a ReLU network's gradient
 * jumps wherever an activation changes sign, and every crossing adds a jump divided by the radius.
 * The number of crossings grows with the radius times the number of activations (millions for a
 * few batches of 28x28 images), so a large radius measures the jumps, not the curvature. On a
 * Fashion-MNIST NAS-Bench-201 supernet (C=8, batch 64) the exact solver's largest eigenvalue was
 * 22.2 at 1e-5 and 26.9 at 1e-6, with Hessians 54% and 24% antisymmetric, then 0.3442 at 1e-7,
 * 1e-8 and 1e-9 alike (antisymmetry 1e-6, 9e-6, 6e-5: rounding takes over below 1e-8). Float32
 * cannot go below about 1e-2, hence the copy. A crossing can still fall inside 1e-7: the exact
 * solver sees it as an antisymmetric Hessian and retries at a tenth of the radius, twice at most
 * (on an RF-PC-DARTS supernet: 59% antisymmetric at 1e-7, 4e-5 and eigenvalue 0.042 at 1e-8). (An exact double-backward product is not reachable
 * through DJL 0.35's API, which detaches gradients.) The search's own supernet is only read.
 *
 * <p>Every gradient evaluation reseeds libtorch's generator to the same value first, so that a
 * supernet with random ops (RobustDARTS's noise) sees the same noise at every point: otherwise the
 * differences of gradients would measure the noise, not the curvature.
 *
 * <p>With edge normalisation (PC-DARTS) the betas are held at their values: the Hessian is
 * the alphas' block, the quantity the other methods report.
 */
public final class Sharpness {
    /** Finite-difference radius in alpha space, in double precision. */
    static final double EPS = 1e-7;

    /**
     * Largest relative antisymmetric part of an exact Hessian taken as clean. A clean one is at
     * 1e-6 to 1e-4; one ReLU crossing inside the radius puts it at 0.1 to 0.6.
     */
    public static final double ASYMMETRY_LIMIT = 1e-3;

    /** Retries of the exact solver, each at a tenth of the previous radius, when the Hessian is not clean. */
    static final int RETRIES = 2;

    /** The default finite-difference radius ({@link #EPS}). */
    public static final double DEFAULT_RADIUS = EPS;

    private Sharpness() {}

    /** Largest number of architecture weights for which {@link Solver#AUTO} builds the Hessian. */
    public static final int EXACT_MAX_DIM = 64;

    /** How the eigenvalue is found. */
    public enum Solver {
        /** {@link #EXACT} up to {@link #EXACT_MAX_DIM} architecture weights, {@link #POWER} beyond. */
        AUTO,
        /** The Hessian assembled from one product per architecture weight and decomposed ({@link ExactEigen}). */
        EXACT,
        /** Power iteration on Hessian-vector products, with a shifted second run for a negative result. */
        POWER;

        /** Parses {@code auto}, {@code exact} or {@code power}; anything else is a one-line user error. */
        public static Solver parse(String name, String option) {
            for (Solver s : values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            throw new BadInputException(option + " '" + name + "': expected auto, exact or power");
        }

        /** The solver used for a Hessian of this size. */
        public Solver resolve(int dim) {
            return this == AUTO ? (dim <= EXACT_MAX_DIM ? EXACT : POWER) : this;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param eigenvalue the largest eigenvalue found
     * @param eigenvector its unit eigenvector (estimate)
     * @param solver the solver that found it (never AUTO)
     * @param dimension number of architecture weights
     * @param products Hessian-vector products spent
     * @param converged power iteration: its stopping test passed; exact: the Hessian's antisymmetric
     *     part is within {@link #ASYMMETRY_LIMIT}
     * @param top the exact solver's eigenvalues, largest first (empty for power iteration)
     * @param asymmetry the exact solver's relative antisymmetric part (NaN for power iteration)
     * @param radius the finite-difference radius of the result
     */
    public record Estimate(double eigenvalue, double[] eigenvector, Solver solver, int dimension, int products,
            boolean converged, double[] top, double asymmetry, double radius) {}

    /**
     * Power iteration (at most {@code iterations} products per run), as {@code --sharpness-solver
     * power} does it.
     *
     * @param twin builds a supernet of the same space and size from a parameter factory (the
     *     double-precision copy is built with it)
     * @param batches validation batches to average the loss over (the first ones of {@code val})
     * @param iterations at most this many Hessian-vector products
     */
    public static PowerIteration.Result dominantEigenvalue(Supernet supernet, Function<ParamFactory, Supernet> twin,
            BatchStream val, int batches, int iterations, long seed, NDManager manager) {
        Estimate e = estimate(supernet, twin, val, batches, Solver.POWER, iterations, seed, manager);
        return new PowerIteration.Result(e.eigenvalue(), e.eigenvector(), e.products(), e.converged());
    }

    /**
     * The largest eigenvalue of the Hessian with the given solver.
     *
     * @param iterations power iterations per run (ignored by the exact solver)
     */
    public static Estimate estimate(Supernet supernet, Function<ParamFactory, Supernet> twin, BatchStream val,
            int batches, Solver solver, int iterations, long seed, NDManager manager) {
        return estimate(supernet, twin, val, batches, solver, iterations, seed, EPS, manager);
    }

    /**
     * As above, with the finite-difference radius in alpha space.
     *
     * @param radius the central differences' step length
     */
    public static Estimate estimate(Supernet supernet, Function<ParamFactory, Supernet> twin, BatchStream val,
            int batches, Solver solver, int iterations, long seed, double radius, NDManager manager) {
        if (!(radius > 0 && radius < 1)) {
            throw new BadInputException("finite-difference radius " + radius + ": expected a number in (0, 1)");
        }
        try (NDManager m = manager.newSubManager()) {
            Supernet copy = twin.apply(new ParamFactory(m, 0, DataType.FLOAT64, ParamFactory.InitScheme.PYTORCH_DEFAULT));
            copyInto(supernet, copy);
            List<Param> alphas = new ArrayList<>(copy.arch().alphas().values());
            Grads.track(copy.weights(), false);
            Grads.track(copy.arch().betas(), false);
            List<NDArray[]> data = inputs(val, Math.min(batches, val.batchesPerEpoch()), m);
            double[] alpha0 = read(alphas);
            Function<double[], double[]> grad = a -> gradient(copy, alphas, a, data, seed);
            Solver used = solver.resolve(alpha0.length);
            if (used == Solver.EXACT) {
                return exact(grad, alpha0, radius);
            }
            PowerIteration.LinearOperator hvp = PowerIteration.finiteDifferenceHvp(grad, alpha0, radius);
            PowerIteration.Result r = PowerIteration.largestEigenvalue(hvp, alpha0.length, iterations, 1e-3, seed);
            return new Estimate(r.eigenvalue(), r.eigenvector(), used, alpha0.length, r.iterations(), r.converged(),
                    new double[0], Double.NaN, radius);
        }
    }

    /**
     * The exact solver on the Hessian of {@code grad} at {@code alpha0}. A ReLU crossing inside the
     * radius shows as an antisymmetric Hessian: then it retries at a tenth of the radius, at most
     * {@link #RETRIES} times, and reports the last attempt (not converged if still not clean).
     */
    static Estimate exact(Function<double[], double[]> grad, double[] alpha0, double radius) {
        int products = 0;
        double h = radius;
        for (int attempt = 0; ; attempt++) {
            ExactEigen.Result r = ExactEigen.largestEigenvalue(PowerIteration.finiteDifferenceHvp(grad, alpha0, h),
                    alpha0.length);
            products += alpha0.length;
            boolean clean = r.asymmetry() <= ASYMMETRY_LIMIT;
            if (clean || attempt == RETRIES) {
                return new Estimate(r.eigenvalue(), r.eigenvector(), Solver.EXACT, alpha0.length, products, clean,
                        r.top(), r.asymmetry(), h);
            }
            h /= 10;
        }
    }

    private static void copyInto(Supernet from, Supernet to) {
        Map<String, Param> source = from.namedParams();
        try (NoGrad ignored = NoGrad.open(); NDScope scope = new NDScope()) {
            to.namedParams().forEach((name, p) -> p.value().muli(0).addi(source.get(name).value().toType(DataType.FLOAT64, false)));
        }
    }

    private static List<NDArray[]> inputs(BatchStream val, int n, NDManager m) {
        List<NDArray[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Batch b = val.batch(0, i);
            try (NDArray x = b.x(m)) {
                out.add(new NDArray[] {x.toType(DataType.FLOAT64, false), b.y(m)});
            }
        }
        return out;
    }

    /** dL_val/dalpha at alpha = a, the loss averaged over the batches, with the noise of {@code seed}. */
    private static double[] gradient(Supernet supernet, List<Param> alphas, double[] a, List<NDArray[]> data, long seed) {
        EngineRandom.reseed(EngineRandom.EVALUATION, seed);
        write(alphas, a);
        alphas.forEach(Param::zeroGradient);
        for (NDArray[] xy : data) {
            try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Losses.crossEntropy(supernet.forward(xy[0], true), xy[1]);
                gc.backward(loss.div(Fn.scalar(loss, data.size()))); // not a Java number: see Fn.scalar
            }
        }
        double[] g = new double[a.length];
        int off = 0;
        try (NDScope scope = new NDScope()) {
            for (Param p : alphas) {
                NDArray grad = p.gradientOrNull();
                if (grad != null) {
                    System.arraycopy(grad.toDoubleArray(), 0, g, off, (int) p.size());
                }
                off += (int) p.size();
            }
        }
        alphas.forEach(Param::zeroGradient);
        return g;
    }

    private static double[] read(List<Param> alphas) {
        int total = alphas.stream().mapToInt(p -> (int) p.size()).sum();
        double[] out = new double[total];
        int off = 0;
        for (Param p : alphas) {
            double[] v = p.value().toDoubleArray();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }

    private static void write(List<Param> alphas, double[] a) {
        int off = 0;
        try (NoGrad ignored = NoGrad.open(); NDScope scope = new NDScope()) {
            for (Param p : alphas) {
                double[] v = new double[(int) p.size()];
                System.arraycopy(a, off, v, 0, v.length);
                off += v.length;
                p.value().muli(0).addi(p.value().getManager().create(v, p.value().getShape()));
            }
        }
    }
}
