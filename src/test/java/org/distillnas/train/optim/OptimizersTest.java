package org.distillnas.train.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.distillnas.nn.Param;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SGD and Adam updates against PyTorch's formulas, worked by hand on f(w) = w^2 / 2 (gradient w). */
class OptimizersTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    private static void backward(Param p) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.value().square().sum().div(2));
        }
    }

    private static double run(Optimizer opt, double lr, int steps) {
        try (NDManager m = NDManager.newBaseManager()) {
            Param p = new Param(Param.Kind.WEIGHT, m.create(new float[] {1f}));
            for (int i = 0; i < steps; i++) {
                backward(p);
                opt.step(Map.of("w", p), lr);
                NDArray g = p.gradientOrNull();
                assertThat(g.toFloatArray()[0]).as("gradient zeroed after the step").isZero();
            }
            return p.value().toFloatArray()[0];
        }
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        // w0 = 1, mu = 0.9, wd = 0.1, lr = 0.5; d = g + wd*w = 1.1 w
        // step 1: d = 1.1, b = 1.1, w = 1 - 0.55 = 0.45
        // step 2: d = 0.495, b = 0.9*1.1 + 0.495 = 1.485, w = 0.45 - 0.7425 = -0.2925
        assertThat(run(new Sgd(0.9, 0.1, false), 0.5, 2)).isCloseTo(-0.2925, Offset.offset(1e-6));
    }

    @Test
    void sgdWithoutDecayOnExemptParameters() {
        // the same run with "w" exempt from decay: d = g = w
        // step 1: d = 1, b = 1, w = 1 - 0.5 = 0.5; step 2: d = 0.5, b = 0.9 + 0.5 = 1.4, w = 0.5 - 0.7 = -0.2
        assertThat(run(new Sgd(0.9, 0.1, false, name -> false), 0.5, 2)).isCloseTo(-0.2, Offset.offset(1e-6));
        assertThat(Sgd.isNormOrBias("net.stages.2.1.depthwise.bn.weight")).isTrue();
        assertThat(Sgd.isNormOrBias("net.classifier.bias")).isTrue();
        assertThat(Sgd.isNormOrBias("net.stages.2.1.depthwise.conv.weight")).isFalse();
    }

    @Test
    void sgdWithNesterovMomentum() {
        // step 1: d = 1.1, b = 1.1, update = d + 0.9 b = 2.09, w = 1 - 1.045 = -0.045
        // step 2: d = -0.0495, b = 0.99 - 0.0495 = 0.9405, update = -0.0495 + 0.84645 = 0.79695,
        //         w = -0.045 - 0.398475 = -0.443475
        assertThat(run(new Sgd(0.9, 0.1, true), 0.5, 2)).isCloseTo(-0.443475, Offset.offset(1e-6));
    }

    @Test
    void adamBiasCorrectedStep() {
        // step 1 of Adam: m = (1-b1) g, v = (1-b2) g^2, mhat = g, vhat = g^2: w -= lr * g / (|g| + eps)
        // with g = 1 (no weight decay): w = 1 - 0.1 = 0.9 (eps 1e-8 negligible)
        assertThat(run(new Adam(0.5, 0.999, 1e-8, 0), 0.1, 1)).isCloseTo(0.9, Offset.offset(1e-6));
        // step 2: g = 0.9, m = 0.5*0.5 + 0.5*0.9 = 0.7, v = 0.999*0.001 + 0.001*0.81 = 0.001809
        // mhat = 0.7/0.75 = 0.93333, vhat = 0.001809/0.001999 = 0.904952; w = 0.9 - 0.1*0.93333/0.951290 = 0.801889
        assertThat(run(new Adam(0.5, 0.999, 1e-8, 0), 0.1, 2)).isCloseTo(0.801889, Offset.offset(2e-6));
    }
}
