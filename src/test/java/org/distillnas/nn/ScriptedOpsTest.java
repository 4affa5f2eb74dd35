package org.distillnas.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.distillnas.space.mbv3.Activation;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fused activations are the composites' functions: same values and gradients, in both precisions. */
class ScriptedOpsTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        Engine.getInstance().setRandomSeed(11);
    }

    @Test
    void fusedAndCompositeAgreeInValueAndGradient() {
        compare(Activation.HSWISH::apply, Activation.HSWISH::composite);
        compare(Activation.SWISH::apply, Activation.SWISH::composite);
        compare(Activation::hardSigmoid, Activation::hardSigmoidComposite);
    }

    @Test
    void theModulesAreInUseAndTheSwitchTurnsThemOff() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-4, -1, 0, 2, 5});
            assertThat(ScriptedOps.apply(ScriptedOps.Op.HARDSWISH, x).toFloatArray())
                    .containsExactly(new float[] {0, -1f / 3, 0, 5f / 3, 5}, within(1e-6f));
            System.setProperty("distillnas.scripted-ops", "off");
            try {
                assertThat(ScriptedOps.apply(ScriptedOps.Op.HARDSWISH, x)).isNull();
                assertThat(Activation.HSWISH.apply(x).toFloatArray())
                        .containsExactly(new float[] {0, -1f / 3, 0, 5f / 3, 5}, within(1e-6f));
            } finally {
                System.clearProperty("distillnas.scripted-ops");
            }
        }
    }

    /** Evaluation calls them without gradients, from several threads at once (parallel subnet scoring). */
    @Test
    void threadsShareTheModulesWithoutGradients() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(0, 3, new Shape(4, 8, 6, 6), DataType.FLOAT32);
            float[] expected = Activation.HSWISH.composite(x).toFloatArray();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < 100; i++) {
                            try (NoGrad ignored = NoGrad.open(); NDManager local = m.newSubManager()) {
                                NDArray y = Activation.HSWISH.apply(x);
                                y.attach(local);
                                float[] got = y.toFloatArray();
                                for (int k = 0; k < got.length; k++) {
                                    if (Math.abs(got[k] - expected[k]) > 1e-6f) {
                                        return false;
                                    }
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void compare(Function<NDArray, NDArray> fused, Function<NDArray, NDArray> composite) {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = NDManager.newBaseManager()) {
                // N(0, 3): a third of the values outside [-3, 3], where both functions change shape
                NDArray x = m.randomNormal(0, 3, new Shape(2, 5, 7, 7), DataType.FLOAT32).toType(type, false);
                NDArray w = m.randomNormal(new Shape(2, 5, 7, 7)).toType(type, false);
                double[][] a = valueAndGradient(fused, x, w);
                double[][] b = valueAndGradient(composite, x, w);
                assertThat(a[0]).containsExactly(b[0], within(1e-6));
                assertThat(a[1]).containsExactly(b[1], within(1e-6));
            }
        }
    }

    /** f(x) and the gradient of sum(w * f(x)) with respect to x. */
    private static double[][] valueAndGradient(Function<NDArray, NDArray> f, NDArray x, NDArray w) {
        NDArray in = x.duplicate();
        in.setRequiresGradient(true);
        double[] value;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = f.apply(in);
            value = y.toType(DataType.FLOAT64, false).toDoubleArray();
            gc.backward(y.mul(w).sum());
        }
        return new double[][] {value, in.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()};
    }
}
