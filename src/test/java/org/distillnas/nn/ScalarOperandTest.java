package org.distillnas.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.distillnas.space.mbv3.Activation;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scalar factors stay valid until backward even when the garbage collector runs in between, which
 * frees the Java buffers behind DJL's own number operands ({@link Fn#scalar}).
 */
class ScalarOperandTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    @Test
    void quotientByAScalarKeepsItsGradientAcrossAGarbageCollection() {
        float[] grad = gradientAfterCollection(x -> x.div(Fn.scalar(x, 6)), new float[] {-1f, 0.5f, 2f});
        assertThat(grad).containsExactly(1f / 6, 1f / 6, 1f / 6);
    }

    @Test
    void hardSwishKeepsItsGradientAcrossAGarbageCollection() {
        // d/dx x relu6(x + 3) / 6 = (2x + 3) / 6 inside (-3, 3), 0 below, 1 above
        float[] grad = gradientAfterCollection(Activation.HSWISH::apply, new float[] {-4f, -1f, 0f, 1.5f, 4f});
        assertThat(grad).usingComparatorWithPrecision(1e-6f).containsExactly(0f, 1f / 6, 0.5f, 1f, 1f);
    }

    /** d sum(f(x)) / dx, with a full collection and fresh direct buffers between forward and backward. */
    private static float[] gradientAfterCollection(UnaryOperator<NDArray> f, float[] values) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(values).duplicate(); // libtorch's own memory, like a parameter
            x.setRequiresGradient(true);
            try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                collectGarbage();
                gc.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Runs the collector, waits for the cleaner to free unreachable direct buffers, reuses the memory. */
    private static void collectGarbage() {
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 1000; i++) {
                reuse.add(ByteBuffer.allocateDirect(4).putFloat(0, 1e30f));
            }
        }
    }
}
