package org.distillnas.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.distillnas.data.Augmentation;
import org.distillnas.data.Batch;
import org.distillnas.data.BatchStream;
import org.distillnas.data.ImageDataset;
import org.distillnas.data.Normalization;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.supernet.Supernet;
import org.distillnas.train.Losses;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sharpness estimate equals the Rayleigh quotient of a Hessian assembled independently, column
 * by column, and leaves the supernet exactly as it found it.
 */
class SharpnessTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    private static BatchStream data() {
        Random r = new Random(5);
        int n = 64;
        byte[] px = new byte[n * 12 * 12];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(4);
            for (int k = 0; k < 144; k++) {
                // a class-dependent pattern plus noise, so that the loss has structure
                px[i * 144 + k] = (byte) Math.min(255, Math.max(0, (k % (labels[i] + 2)) * 40 + r.nextInt(60)));
            }
        }
        ImageDataset d = new ImageDataset("synthetic", px, labels, 1, 12, 12, 4);
        return new BatchStream(d, new Normalization(new float[] {0.4f}, new float[] {0.3f}), Augmentation.none(), 32,
                false, false, 0);
    }

    private static double[] gradient(Supernet net, Param alpha, BatchStream val, NDManager m) {
        org.distillnas.strategy.Grads.track(net.weights(), false);
        alpha.zeroGradient();
        for (int i = 0; i < val.batchesPerEpoch(); i++) {
            Batch b = val.batch(0, i);
            try (NDScope scope = new NDScope();
                    ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray x = b.x(m).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
                gc.backward(Losses.crossEntropy(net.forward(x, true), b.y(m)).div(val.batchesPerEpoch()));
            }
        }
        org.distillnas.strategy.Grads.track(net.weights(), true);
        double[] g = alpha.gradientOrNull().toDoubleArray();
        alpha.zeroGradient();
        return g;
    }

    private static void shift(Param alpha, double[] v, double h) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = h * v[i];
        }
        try (NoGrad ignored = NoGrad.open();
                NDArray a = alpha.value().getManager().create(d, alpha.value().getShape()).toType(alpha.value().getDataType(), false)) {
            alpha.value().addi(a);
        }
    }

    @Test
    void eigenvalueMatchesTheCurvatureOfTheLossAndNothingChanges() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Nb201Space().supernet(new MacroConfig(4, 1, 1, 4), SupernetOptions.defaults(),
                    new ParamFactory(m, 4));
            Param alpha = net.archParams().values().iterator().next();
            BatchStream val = data();
            Map<String, float[]> before = new LinkedHashMap<>();
            net.namedParams().forEach((k, p) -> before.put(k, p.value().toFloatArray()));

            MacroConfig c = new MacroConfig(4, 1, 1, 4);
            java.util.function.Function<ParamFactory, Supernet> twin = pf -> new Nb201Space().supernet(c, SupernetOptions.defaults(), pf);
            PowerIteration.Result r = Sharpness.dominantEigenvalue(net, twin, val, 2, 60, 1, m);

            net.namedParams().forEach((k, p) -> assertThat(p.value().toFloatArray()).as(k).containsExactly(before.get(k)));
            assertThat(r.eigenvector()).hasSize(30);
            assertThat(r.converged()).isTrue();
            // v^T H v by a second difference of the loss along the unit eigenvector
            // v^T H v with H built column by column from central differences of the alpha gradient of
            // an independent double-precision copy: checks flattening, batch averaging and scaling
            Supernet net64 = twin.apply(new ParamFactory(m, 0, ai.djl.ndarray.types.DataType.FLOAT64,
                    ParamFactory.InitScheme.PYTORCH_DEFAULT));
            try (NoGrad ignored = NoGrad.open()) {
                net64.namedParams().forEach((k, p) -> p.value().muli(0).addi(
                        net.namedParams().get(k).value().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)));
            }
            Param alpha64 = net64.archParams().values().iterator().next();
            double[] v = r.eigenvector();
            double quotient = 0;
            double eps = 1e-5;
            for (int j = 0; j < v.length; j++) {
                double[] e = new double[v.length];
                e[j] = 1;
                shift(alpha64, e, eps);
                double[] gp = gradient(net64, alpha64, val, m);
                shift(alpha64, e, -2 * eps);
                double[] gm = gradient(net64, alpha64, val, m);
                shift(alpha64, e, eps);
                for (int i = 0; i < v.length; i++) {
                    quotient += v[i] * (gp[i] - gm[i]) / (2 * eps) * v[j];
                }
            }
            assertThat(Math.abs(r.eigenvalue())).isGreaterThan(1e-4);
            assertThat(quotient).isCloseTo(r.eigenvalue(), org.assertj.core.data.Offset.offset(0.02 * Math.abs(r.eigenvalue())));
        }
    }
    /**
     * The exact solver's eigenvalue bounds every Rayleigh quotient power iteration can reach (it is
     * the maximum), and it sees what power iteration cannot report: the zero eigenvalue of each
     * edge's softmax, whose output does not change when all of that edge's alphas move together (6
     * edges: at least 6 zeros).
     */
    @Test
    void exactSolverAgreesWithPowerIterationAndSeesTheSoftmaxNullSpace() {
        try (NDManager m = NDManager.newBaseManager()) {
            MacroConfig c = new MacroConfig(4, 1, 1, 4);
            java.util.function.Function<ParamFactory, Supernet> twin = pf -> new Nb201Space().supernet(c, SupernetOptions.defaults(), pf);
            Supernet net = twin.apply(new ParamFactory(m, 4));
            BatchStream val = data();
            Sharpness.Estimate exact = Sharpness.estimate(net, twin, val, 2, Sharpness.Solver.AUTO, 1, 1, m);
            Sharpness.Estimate power = Sharpness.estimate(net, twin, val, 2, Sharpness.Solver.POWER, 60, 1, m);
            assertThat(exact.solver()).isEqualTo(Sharpness.Solver.EXACT);
            assertThat(exact.products()).isEqualTo(30);
            assertThat(exact.eigenvalue()).isPositive().isGreaterThanOrEqualTo(power.eigenvalue() - 1e-6);
            double scale = Math.abs(exact.top()[0]) + Math.abs(exact.top()[29]);
            long zeros = java.util.Arrays.stream(exact.top()).filter(l -> Math.abs(l) < 1e-4 * scale).count();
            assertThat(zeros).isGreaterThanOrEqualTo(6);
            assertThat(exact.asymmetry()).isLessThan(1e-3);
        }
    }
}
