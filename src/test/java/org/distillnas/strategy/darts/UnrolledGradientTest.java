package org.distillnas.strategy.darts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.strategy.Grads;
import org.distillnas.supernet.Supernet;
import org.distillnas.train.Losses;
import org.distillnas.train.optim.Sgd;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks DARTS's second-order architecture gradient against central finite differences of the
 * unrolled objective f(alpha) = L_val(w - xi * (grad_w L_train(w, alpha) + wd * w), alpha), in
 * double precision on a tiny supernet. The Hessian-vector product's finite-difference radius is
 * made small (1e-5 instead of DARTS's 0.01) so that the check tests the formula, not the
 * approximation's coarseness.
 */
class UnrolledGradientTest {
    private static final double XI = 0.5;
    private static final double WD = 3e-4;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    @Test
    void secondOrderGradientMatchesFiniteDifferencesOfTheUnrolledLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParamFactory f = new ParamFactory(m, 3, DataType.FLOAT64, ParamFactory.InitScheme.PYTORCH_DEFAULT);
            Supernet net = new Nb201Space().supernet(new MacroConfig(4, 1, 1, 3), new SupernetOptions(true, true), f);
            Map<String, Param> weights = net.weights();
            Map<String, Param> arch = net.archParams();
            Param alpha = arch.values().iterator().next();
            Random r = new Random(1);
            // spread the alphas so that the softmax is not flat
            try (NoGrad ignored = NoGrad.open()) {
                for (int i = 0; i < alpha.size(); i++) {
                    shift(alpha.value(), i, 0.5 * r.nextGaussian());
                }
            }
            NDArray xTrain = randomImages(m, r);
            NDArray yTrain = m.create(new long[] {0, 1, 2, 1, 0, 2});
            NDArray xVal = randomImages(m, r);
            NDArray yVal = m.create(new long[] {2, 2, 0, 1, 1, 0});
            Sgd sgd = new Sgd(0.9, WD, false);

            new UnrolledGradient(net, weights, arch, sgd, 1e-5).accumulate(xTrain, yTrain, xVal, yVal, XI);
            double[] analytic = alpha.gradientOrNull().toDoubleArray();
            alpha.zeroGradient();

            double[] firstOrder = firstOrderGradient(net, arch, alpha, xVal, yVal);
            double[] numeric = numericGradient(net, weights, arch, alpha, xTrain, yTrain, xVal, yVal);

            double scale = maxAbs(numeric);
            double err = 0;
            double firstOrderErr = 0;
            for (int i = 0; i < numeric.length; i++) {
                err = Math.max(err, Math.abs(analytic[i] - numeric[i]));
                firstOrderErr = Math.max(firstOrderErr, Math.abs(firstOrder[i] - numeric[i]));
            }
            assertThat(scale).isGreaterThan(1e-4);
            assertThat(err).as("second-order vs finite differences").isLessThan(5e-3 * scale);
            // the test can tell: the first-order gradient misses the unrolled term by far more
            assertThat(firstOrderErr).isGreaterThan(20 * err);
        }
    }

    private static NDArray randomImages(NDManager m, Random r) {
        double[] v = new double[6 * 8 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return m.create(v, new Shape(6, 1, 8, 8));
    }

    private static double[] firstOrderGradient(Supernet net, Map<String, Param> arch, Param alpha, NDArray x, NDArray y) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(Losses.crossEntropy(net.forward(x, true), y));
        }
        double[] g = alpha.gradientOrNull().toDoubleArray();
        Grads.zero(arch);
        Grads.zero(net.weights());
        return g;
    }

    /** Central differences of the unrolled validation loss with respect to every alpha entry. */
    private static double[] numericGradient(Supernet net, Map<String, Param> weights, Map<String, Param> arch,
            Param alpha, NDArray xTrain, NDArray yTrain, NDArray xVal, NDArray yVal) {
        double h = 1e-5;
        int n = (int) alpha.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (unrolledLoss(net, weights, arch, alpha, i, h, xTrain, yTrain, xVal, yVal)
                    - unrolledLoss(net, weights, arch, alpha, i, -h, xTrain, yTrain, xVal, yVal)) / (2 * h);
        }
        return out;
    }

    private static double unrolledLoss(Supernet net, Map<String, Param> weights, Map<String, Param> arch, Param alpha,
            int index, double delta, NDArray xTrain, NDArray yTrain, NDArray xVal, NDArray yVal) {
        NDArray a = alpha.value();
        Map<String, NDArray> backup = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.open()) {
            shift(a, index, delta);
            weights.forEach((k, p) -> backup.put(k, p.value().duplicate()));
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(Losses.crossEntropy(net.forward(xTrain, true), yTrain));
        }
        try (NoGrad ignored = NoGrad.open()) {
            weights.forEach((k, p) -> {
                NDArray g = p.gradientOrNull();
                p.value().subi(g.add(p.value().mul(WD)).muli(XI));
            });
            Grads.zero(weights);
            Grads.zero(arch);
            double loss = Losses.crossEntropy(net.forward(xVal, true), yVal).getDouble();
            weights.forEach((k, p) -> p.value().muli(0).addi(backup.get(k)));
            shift(a, index, -delta);
            return loss;
        }
    }

    private static void shift(NDArray a, int index, double delta) {
        double[] d = new double[(int) a.getShape().size()];
        d[index] = delta;
        try (NDArray add = a.getManager().create(d, a.getShape())) {
            a.addi(add);
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
