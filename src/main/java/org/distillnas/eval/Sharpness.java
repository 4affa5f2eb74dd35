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
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.strategy.Grads;
import org.distillnas.supernet.Supernet;
import org.distillnas.train.Losses;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.NoGrad;

/**
 * The sharpness of a search: the dominant eigenvalue of the Hessian of the validation loss with
 * respect to the architecture weights, {@code lambda_max(d^2 L_val / d alpha^2)} (Zela et al.,
 * RobustDARTS; the quantity SD-DARTS lowers), by power iteration on Hessian-vector products over a
 * fixed set of validation batches in training mode (as the architecture step sees them). Power
 * iteration finds the eigenvalue of largest magnitude; when that one is negative, a second run on
 * the shifted operator {@code H - lambda I} finds the largest (algebraic) eigenvalue, the one the
 * sharpness literature reports.
 *
 * <p>The products are central differences of the exact alpha gradient,
 * {@code Hv ~ (g(a + eps v) - g(a - eps v)) / 2 eps}, taken on a double-precision copy of the
 * supernet with {@code eps = 1e-5}. The radius has to be that small: a ReLU network's gradient
 * jumps wherever an activation changes sign, and a radius of 1e-2 (all that float32 allows) crosses
 * enough of those to make the estimate meaningless. (An exact double-backward product is not
 * reachable through DJL 0.35's API, which detaches gradients.) The search's own supernet is only
 * read.
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
    static final double EPS = 1e-5;

    private Sharpness() {}

    /**
     * @param twin builds a supernet of the same space and size from a parameter factory (the
     *     double-precision copy is built with it)
     * @param batches validation batches to average the loss over (the first ones of {@code val})
     * @param iterations at most this many Hessian-vector products
     */
    public static PowerIteration.Result dominantEigenvalue(Supernet supernet, Function<ParamFactory, Supernet> twin,
            BatchStream val, int batches, int iterations, long seed, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            Supernet copy = twin.apply(new ParamFactory(m, 0, DataType.FLOAT64, ParamFactory.InitScheme.PYTORCH_DEFAULT));
            copyInto(supernet, copy);
            List<Param> alphas = new ArrayList<>(copy.arch().alphas().values());
            Grads.track(copy.weights(), false);
            Grads.track(copy.arch().betas(), false);
            List<NDArray[]> data = inputs(val, Math.min(batches, val.batchesPerEpoch()), m);
            double[] alpha0 = read(alphas);
            PowerIteration.LinearOperator hvp = PowerIteration.finiteDifferenceHvp(
                    a -> gradient(copy, alphas, a, data, seed), alpha0, EPS);
            return PowerIteration.largestEigenvalue(hvp, alpha0.length, iterations, 1e-3, seed);
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
                gc.backward(Losses.crossEntropy(supernet.forward(xy[0], true), xy[1]).div(data.size()));
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
