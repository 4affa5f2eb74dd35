package org.distillnas.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.nn.Param;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sampling methods' weight update, by hand. */
class SampledWeightsTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    /**
     * w = (1, 2, 3), loss = sum(c * w) with c = (3, -0.5, -2): gradient c, value-clipped at 1 to
     * (1, -0.5, -1); plain SGD at lr 0.1 gives w = (0.9, 2.05, 3.1). A parameter outside the step
     * keeps its value although weight decay is on.
     */
    @Test
    void valueClipThenSgdOnTheUsedParametersOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Param used = new Param(Param.Kind.WEIGHT, m.create(new float[] {1, 2, 3}));
            Param unused = new Param(Param.Kind.WEIGHT, m.create(new float[] {5, 5}));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(used.value().mul(m.create(new float[] {3, -0.5f, -2})).sum());
            }
            Map<String, Param> step = new LinkedHashMap<>();
            step.put("w", used);
            new SampledWeights(0, 0, false, 0, 1.0).step(step, 0.1);
            assertThat(used.value().toFloatArray()).containsExactly(new float[] {0.9f, 2.05f, 3.1f},
                    org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(unused.value().toFloatArray()).containsExactly(5, 5);
        }
    }

    /** The norm clip follows the value clip: (1, -0.5, -1) has norm 1.5, scaled to norm 0.75. */
    @Test
    void normClipAfterValueClip() {
        try (NDManager m = NDManager.newBaseManager()) {
            Param w = new Param(Param.Kind.WEIGHT, m.create(new float[] {0, 0, 0}));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(w.value().mul(m.create(new float[] {3, -0.5f, -2})).sum());
            }
            new SampledWeights(0, 0, false, 0.75, 1.0).step(Map.of("w", w), 1.0);
            // w = -g * 0.75 / 1.5 (up to the clip's 1e-6 guard)
            assertThat(w.value().toFloatArray()).containsExactly(new float[] {-0.5f, 0.25f, 0.5f},
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    /** A NaN gradient skips the step: weights and momentum untouched, gradients zeroed, the step counted. */
    @Test
    void nonFiniteGradientsSkipTheStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            Param w = new Param(Param.Kind.WEIGHT, m.create(new float[] {1, 2}));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(w.value().mul(m.create(new float[] {Float.NaN, 1})).sum());
            }
            SampledWeights weights = new SampledWeights(0.9, 0.1, true, 5, 0);
            assertThat(weights.step(Map.of("w", w), 0.1)).isFalse();
            assertThat(w.value().toFloatArray()).containsExactly(1, 2);
            assertThat(w.gradientOrNull().toFloatArray()).containsExactly(0, 0);
            assertThat(weights.skipped()).isEqualTo(1);
            assertThat(weights.stateArrays()).isEmpty();
            assertThat(weights.stateJson().get("skipped_steps").asLong()).isEqualTo(1);
        }
    }
}
