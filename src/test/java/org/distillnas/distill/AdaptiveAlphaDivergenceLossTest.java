package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adaptive choice per sample, on two samples whose larger divergence differs (alpha_min = -1,
 * alpha_max = 1, iw_clip = 5):
 *
 * <pre>
 * sample 1: z = [0, ln 2], p = [1/2, 1/2]   D_-1 = 0.05555556 &lt; D_1 = 0.05889152   -> alpha = 1,
 *           the student too confident in class 2 is penalised by KL(p||q); dS/dz = [-1/6, 1/6]
 * sample 2: z = [0, 0], p = [0.95, 0.05]   D_-1 = 0.88157895 (clipped) &gt; D_1 = 0.49463194 -> alpha = -1,
 *           the student too unsure is penalised by the clipped divergence; dS/dz = [-1.11842105, 1.11842105]
 * L = (0.05889152 + 0.88157895) / 2 = 0.47023524; gradients are halved (mean over 2 samples).
 * </pre>
 */
class AdaptiveAlphaDivergenceLossTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    @Test
    void eachSampleTakesTheLargerDivergenceAndItsGradient() {
        double[] z = {0, Math.log(2), 0, 0};
        double[] p = {0.5, 0.5, 0.95, 0.05};
        AdaptiveAlphaDivergenceLoss loss = new AdaptiveAlphaDivergenceLoss(-1, 1, 5);
        assertThat(AlphaDivergenceLossTest.value(loss, z, p, 2)).isCloseTo(0.47023524, within(1e-7));
        assertThat(AlphaDivergenceLossTest.gradient(loss, z, p, 2)).containsExactly(
                new double[] {-1.0 / 12, 1.0 / 12, -0.55921053, 0.55921053}, within(1e-7));
        try (NDManager m = NDManager.newBaseManager()) {
            AdaptiveAlphaDivergenceLoss.Choice c = loss.choose(m.create(z, new Shape(2, 2)), m.create(p, new Shape(2, 2)));
            assertThat(c.lowChosen().toDoubleArray()).containsExactly(0, 1);
            assertThat(AdaptiveAlphaDivergenceLoss.lowShare(c)).isEqualTo(0.5);
        }
    }

    /** With both ends at one alpha the adaptive loss is that alpha-divergence. */
    @Test
    void equalEndsReduceToTheFixedDivergence() {
        double[] z = {0.3, -1.2, 2.0, 0.1, 0.4, -0.3};
        double[] p = {0.2, 0.3, 0.5, 0.6, 0.3, 0.1};
        for (double a : new double[] {-1, 0.5, 1}) {
            assertThat(AlphaDivergenceLossTest.value(new AdaptiveAlphaDivergenceLoss(a, a, 5), z, p, 3))
                    .isCloseTo(AlphaDivergenceLossTest.value(new AlphaDivergenceLoss(a, 5), z, p, 3), within(1e-12));
        }
    }
}
