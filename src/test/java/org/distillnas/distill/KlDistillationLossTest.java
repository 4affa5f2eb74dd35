package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KlDistillationLossTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /**
     * T = 2, N = 2 samples, C = 3 classes.
     *
     * <pre>
     * z = [[1, 2, 3], [0, 0, 0]]       p = [[1/2, 1/4, 1/4], [1/4, 1/4, 1/2]]
     * z/T = [[0.5, 1, 1.5], [0, 0, 0]]
     * row 1: e^0.5 + e^1 + e^1.5 = 1.6487213 + 2.7182818 + 4.4816891 = 8.8486922
     *        q1 = [0.18632372, 0.30719589, 0.50648039]
     *        KL1 = 1/2 ln(0.5/0.18632372) + 1/4 ln(0.25/0.30719589) + 1/4 ln(0.25/0.50648039)
     *            = 1/2 (0.98710854) + 1/4 (-0.20605349) + 1/4 (-0.70605349) = 0.26554890
     * row 2: q2 = [1/3, 1/3, 1/3]
     *        KL2 = 2 * 1/4 ln(0.75) + 1/2 ln(1.5) = 0.5 (-0.28768207) + 0.5 (0.40546511) = 0.05889152
     * L = T^2 / N (KL1 + KL2) = 4/2 * 0.32444042 = 0.64888084
     *
     * dL/dz = T/N (q - p) = q - p:
     *   row 1: [0.18632372 - 0.5, 0.30719589 - 0.25, 0.50648039 - 0.25] = [-0.31367628, 0.05719589, 0.25648039]
     *   row 2: [1/3 - 1/4, 1/3 - 1/4, 1/3 - 1/2] = [0.08333333, 0.08333333, -0.16666667]
     * </pre>
     */
    @Test
    void valueAndGradientWithTemperatureMatchTheHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {1, 2, 3, 0, 0, 0}, new Shape(2, 3));
            NDArray p = m.create(new float[] {0.5f, 0.25f, 0.25f, 0.25f, 0.25f, 0.5f}, new Shape(2, 3));
            z.setRequiresGradient(true);
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = new KlDistillationLoss(2).loss(z, p);
                gc.backward(l);
                loss = l.getFloat();
            }
            assertThat(loss).isCloseTo(0.64888084f, within(1e-6f));
            assertThat(z.getGradient().toFloatArray()).containsExactly(new float[] {
                -0.31367628f, 0.05719589f, 0.25648039f, 0.08333333f, 0.08333333f, -0.16666667f}, within(1e-6f));
        }
    }

    /**
     * T = 1 is the plain KL divergence, and a zero in the target counts as 0 (not NaN):
     * p = [1, 0], z = [0, 0]: KL = 1 * ln(1 / 0.5) = ln 2; gradient q - p = [-0.5, 0.5].
     */
    @Test
    void zeroTargetProbabilitiesCountAsZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {0, 0}, new Shape(1, 2));
            z.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = new KlDistillationLoss(1).loss(z, m.create(new float[] {1, 0}, new Shape(1, 2)));
                gc.backward(l);
                assertThat(l.getFloat()).isCloseTo((float) Math.log(2), within(1e-6f));
            }
            assertThat(z.getGradient().toFloatArray()).containsExactly(new float[] {-0.5f, 0.5f}, within(1e-6f));
        }
    }

    @Test
    void rejectsABadTemperature() {
        assertThatThrownBy(() -> new KlDistillationLoss(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("temperature 0.0");
    }
}
