package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alpha-divergence on hand-computed cases. The main case, one sample of two classes:
 *
 * <pre>
 * z = [0, ln 2]  ->  q = [1/3, 2/3];   p = [1/2, 1/2];   r = p / q = [3/2, 3/4]
 * alpha = 1:   D = 1/2 ln(3/2) + 1/2 ln(3/4) = 1/2 ln(9/8)                        = 0.05889152
 *              rho = r, dD/dz = q - p                                             = [-1/6, 1/6]
 * alpha = -1:  w = r^-1 = [2/3, 4/3];  D = 1/2 (1/3 (-1/3) + 2/3 (1/3)) = 1/18     = 0.05555556
 *              rho = -w + 1/2 = [-1/6, -5/6];  sum q rho = -11/18
 *              dS/dz_k = q_k (sum q rho - rho_k) = [1/3 (-8/18), 2/3 (4/18)]     = [-4/27, 4/27]
 * alpha = 0.5: D = 4 (1 - sqrt(1/6) - sqrt(1/3)) = 4 (1 - 0.40824829 - 0.57735027) = 0.05760576
 *              rho = 2 w - 4, w = sqrt(r) = [1.22474487, 0.86602540]
 *              dS/dz = [-0.15943087, 0.15943087]
 * alpha = 0:   D = -(1/3 ln(3/2) + 2/3 ln(3/4)) = -(0.13515504 - 0.19178805)     = 0.05663301
 *              rho = ln r - 1;  dS/dz = [-0.15403271, 0.15403271]
 * </pre>
 */
class AlphaDivergenceLossTest {
    private static final double[] Z = {0, Math.log(2)};
    private static final double[] P = {0.5, 0.5};

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    @Test
    void valuesAndGradientsAtFourAlphasMatchTheHandComputation() {
        check(new AlphaDivergenceLoss(1, 5), Z, P, 0.05889152, -1.0 / 6);
        check(new AlphaDivergenceLoss(-1, 5), Z, P, 1.0 / 18, -4.0 / 27);
        check(new AlphaDivergenceLoss(0.5, 5), Z, P, 0.05760576, -0.15943087);
        check(new AlphaDivergenceLoss(0, 5), Z, P, 0.05663301, -0.15403271);
    }

    /** The general formula tends to the limits: at alpha = 1 -+ 0.01 it is within 1e-3 of both KLs. */
    @Test
    void theGeneralFormulaApproachesItsLimits() {
        assertThat(value(new AlphaDivergenceLoss(0.99, 5), Z, P)).isCloseTo(0.05889152, within(1e-3));
        assertThat(value(new AlphaDivergenceLoss(1.01, 5), Z, P)).isCloseTo(0.05889152, within(1e-3));
        assertThat(value(new AlphaDivergenceLoss(0.01, 5), Z, P)).isCloseTo(0.05663301, within(1e-3));
        assertThat(value(new AlphaDivergenceLoss(-0.01, 5), Z, P)).isCloseTo(0.05663301, within(1e-3));
    }

    /**
     * The clip engaged: z = [0, 0] (q = [1/2, 1/2]), p = [0.95, 0.05], alpha = -1, so
     * w = q / p = [0.52631579, 10], clipped to 5 at c = 5:
     *
     * <pre>
     * c = 5:   D = 1/2 (1/2 (0.52631579 - 1) + 1/2 (5 - 1))  = 0.88157895
     *          rho = -w + 1/2 = [-0.02631579, -4.5];  sum q rho = -2.26315789
     *          dS/dz = [1/2 (-2.26315789 + 0.02631579), ...]  = [-1.11842105, 1.11842105]
     * c = 100: D = 1/2 (1/2 (-0.47368421) + 1/2 (9))       = 2.13157895,  dS/dz = [-2.36842105, 2.36842105]
     * </pre>
     */
    @Test
    void theImportanceClipBoundsValueAndGradientWhenEngaged() {
        double[] z = {0, 0};
        double[] p = {0.95, 0.05};
        check(new AlphaDivergenceLoss(-1, 5), z, p, 0.88157895, -1.11842105);
        check(new AlphaDivergenceLoss(-1, 100), z, p, 2.13157895, -2.36842105);
        // not engaged: the main case's ratios are all below 5, so c = 5 and c = 100 agree
        assertThat(value(new AlphaDivergenceLoss(-1, 100), Z, P)).isCloseTo(1.0 / 18, within(1e-7));
    }

    /**
     * Where the clip is not engaged the surrogate gradient is the divergence's exact gradient: a
     * central finite difference of D on random float64 logits, 4 samples of 5 classes.
     */
    @Test
    void theSurrogateGradientMatchesAFiniteDifferenceOfTheDivergence() {
        Random rng = new Random(7);
        double[] z = new double[20];
        double[] t = new double[20];
        for (int i = 0; i < 20; i++) {
            z[i] = rng.nextGaussian();
            t[i] = rng.nextGaussian();
        }
        double[] p = softmax(t, 5);
        for (double alpha : new double[] {-1, -0.5, 0, 0.5, 1, 2}) {
            AlphaDivergenceLoss loss = new AlphaDivergenceLoss(alpha, 1e6);
            double[] grad = gradient(loss, z, p, 5);
            for (int i = 0; i < z.length; i++) {
                double h = 1e-6;
                double[] up = z.clone();
                double[] down = z.clone();
                up[i] += h;
                down[i] -= h;
                double fd = (value(loss, up, p, 5) - value(loss, down, p, 5)) / (2 * h);
                assertThat(grad[i]).as("alpha %s, logit %d", alpha, i).isCloseTo(fd, within(1e-7));
            }
        }
    }

    /** Identical teacher and student: every divergence is 0 and so is its gradient. */
    @Test
    void identicalDistributionsGiveZero() {
        double[] z = {2, -1, 0.5};
        double[] p = softmax(z, 3);
        for (DistillationLoss loss : new DistillationLoss[] {new AlphaDivergenceLoss(-1, 5), new AlphaDivergenceLoss(0, 5),
                new AlphaDivergenceLoss(0.5, 5), new AlphaDivergenceLoss(1, 5), new AdaptiveAlphaDivergenceLoss(-1, 1, 5)}) {
            assertThat(value(loss, z, p, 3)).isCloseTo(0, within(1e-12));
            assertThat(gradient(loss, z, p, 3)).containsExactly(new double[] {0, 0, 0}, within(1e-12));
        }
    }

    /**
     * Extreme float32 cases: logits 1e4 apart for student and teacher in agreement and in
     * disagreement, one-hot teachers. Values and gradients must be finite for every loss. (Not
     * necessarily non-negative: at alpha = 3 a student certain of a class the teacher rules out has
     * r^alpha = 0 there and an unbounded ratio, clipped, where it puts no mass; D = -1/6.)
     */
    @Test
    void extremeLogitsAndOneHotTeachersStayFinite() {
        float[][] students = {{1e4f, 0, -1e4f}, {-1e4f, 0, 1e4f}, {0, 0, 0}, {0, 1e4f, 0}};
        float[][] teachers = {{1, 0, 0}, {0, 0, 1}, {0.5f, 0.5f, 0}, {1e-30f, 1, 0}};
        DistillationLoss[] losses = {new AlphaDivergenceLoss(-1, 5), new AlphaDivergenceLoss(0, 5),
            new AlphaDivergenceLoss(0.5, 5), new AlphaDivergenceLoss(1, 5), new AlphaDivergenceLoss(3, 5),
            new AdaptiveAlphaDivergenceLoss(-1, 1, 5), new KlDistillationLoss(1)};
        try (NDManager m = NDManager.newBaseManager()) {
            for (DistillationLoss loss : losses) {
                for (float[] s : students) {
                    for (float[] t : teachers) {
                        NDArray z = m.create(s, new Shape(1, 3));
                        z.setRequiresGradient(true);
                        float v;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray l = loss.loss(z, m.create(t, new Shape(1, 3)));
                            gc.backward(l);
                            v = l.getFloat();
                        }
                        assertThat(v).as("%s on %s", loss.getClass().getSimpleName(), java.util.Arrays.toString(s))
                                .isFinite();
                        for (float g : z.getGradient().toFloatArray()) {
                            assertThat(g).isFinite();
                        }
                    }
                }
            }
        }
    }

    /**
     * The configured loss at temperature T is T^2 times the loss on the logits divided by T (as KL is
     * used by self-distillation): T = 2, alpha = 0.5, z = [0, 2 ln 2] gives 4 x 0.05760576.
     */
    @Test
    void aTemperatureSoftensTheStudentAndScalesByItsSquare() {
        DistillLossConfig c = new DistillLossConfig("alpha", 0.5, -1, 1, 5);
        assertThat(value(c.create(2), new double[] {0, 2 * Math.log(2)}, P)).isCloseTo(4 * 0.05760576, within(1e-7));
        assertThat(value(c.create(1), Z, P)).isCloseTo(0.05760576, within(1e-7));
        assertThat(DistillLossConfig.defaults("kl").create(2)).isInstanceOf(KlDistillationLoss.class);
        // a section lacking numbers (written by hand) reads them as their defaults
        try {
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue("{\"kind\": \"alpha\", \"iw_clip\": 3}",
                    DistillLossConfig.class)).isEqualTo(new DistillLossConfig("alpha", 0.5, -1, 1, 3));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertThatThrownBy(() -> new AlphaDivergenceLoss(Double.NaN, 5)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--kd-alpha NaN");
        assertThatThrownBy(() -> new AlphaDivergenceLoss(0.5, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--iw-clip 0.0");
        assertThatThrownBy(() -> new AdaptiveAlphaDivergenceLoss(1, -1, 5)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--alpha-min 1.0 / --alpha-max -1.0");
        assertThatThrownBy(() -> DistillLossConfig.defaults("js")).isInstanceOf(BadInputException.class)
                .hasMessage("--kd-loss js: expected one of kl, alpha, adaptive");
    }

    /** Checks the value and the first logit's gradient of a one-sample, two-class case (the second is its negative). */
    static void check(DistillationLoss loss, double[] z, double[] p, double value, double grad0) {
        assertThat(value(loss, z, p)).isCloseTo(value, within(1e-7));
        assertThat(gradient(loss, z, p, 2)).containsExactly(new double[] {grad0, -grad0}, within(1e-7));
    }

    static double value(DistillationLoss loss, double[] z, double[] p) {
        return value(loss, z, p, z.length);
    }

    static double value(DistillationLoss loss, double[] z, double[] p, int classes) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(z.length / classes, classes);
            return loss.loss(m.create(z, s), m.create(p, s)).getDouble();
        }
    }

    static double[] gradient(DistillationLoss loss, double[] z, double[] p, int classes) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(z.length / classes, classes);
            NDArray x = m.create(z, s);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.loss(x, m.create(p, s)));
            }
            return x.getGradient().toDoubleArray();
        }
    }

    static double[] softmax(double[] logits, int classes) {
        double[] out = new double[logits.length];
        for (int row = 0; row < logits.length / classes; row++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[row * classes + c]);
            }
            for (int c = 0; c < classes; c++) {
                out[row * classes + c] = Math.exp(logits[row * classes + c]) / sum;
            }
        }
        return out;
    }
}
