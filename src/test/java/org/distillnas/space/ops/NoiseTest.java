package org.distillnas.space.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.distillnas.nn.CostMeter;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.Primitives;
import org.distillnas.supernet.MixedOp;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RobustDARTS's noise op: N(0, 1) of the output's shape, whatever the input's values, reproducible
 * from the engine's seed; no parameters, no MACs, no gradient to its input, but a gradient to the
 * weight that mixes it in.
 */
class NoiseTest {
    private static final OpRegistry.OpOptions OPTIONS = new OpRegistry.OpOptions(false, true);

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    private static Op noise(NDManager m, int stride) {
        return OpRegistry.create(Primitives.NOISE, new ParamFactory(m, 0), 6, stride, OPTIONS);
    }

    @Test
    void isRegisteredWithoutParameters() {
        assertThat(OpRegistry.names()).contains(Primitives.NOISE);
        try (NDManager m = NDManager.newBaseManager()) {
            Op op = noise(m, 2);
            assertThat(op).isInstanceOf(Noise.class);
            assertThat(op.namedParams()).isEmpty();
            assertThat(op.countParameters()).isZero();
            assertThat(op.isZero()).isFalse();
        }
    }

    /** Stride 1 keeps N x C x H x W; stride 2 gives ceil(H/2) x ceil(W/2), as x[:, :, ::2, ::2]. */
    @Test
    void outputShapeAtStride1And2InTrainingAndEvaluation() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean training : new boolean[] {true, false}) {
                NDArray x8 = m.zeros(new Shape(3, 6, 8, 8));
                NDArray x7 = m.zeros(new Shape(3, 6, 7, 7));
                assertThat(noise(m, 1).forward(x8, training).getShape()).isEqualTo(new Shape(3, 6, 8, 8));
                assertThat(noise(m, 1).forward(x7, training).getShape()).isEqualTo(new Shape(3, 6, 7, 7));
                assertThat(noise(m, 2).forward(x8, training).getShape()).isEqualTo(new Shape(3, 6, 4, 4));
                assertThat(noise(m, 2).forward(x7, training).getShape()).isEqualTo(new Shape(3, 6, 4, 4));
            }
            NDArray x64 = m.zeros(new Shape(1, 6, 5, 5), DataType.FLOAT64);
            assertThat(noise(m, 2).forward(x64, false).getDataType()).isEqualTo(DataType.FLOAT64);
        }
    }

    /** 8 x 16 x 32 x 32 = 131072 draws: the mean's standard error is 0.0028, the std's 0.002. */
    @Test
    void standardNormalStatistics() {
        EngineRandom.reseed(1);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = noise(m, 1).forward(m.ones(new Shape(8, 16, 32, 32)).mul(50), false).toFloatArray();
            double sum = 0;
            double sq = 0;
            long beyond3 = 0;
            for (float f : v) {
                sum += f;
                sq += (double) f * f;
                beyond3 += Math.abs(f) > 3 ? 1 : 0;
            }
            double mean = sum / v.length;
            double std = Math.sqrt(sq / v.length - mean * mean);
            assertThat(mean).isCloseTo(0, within(0.015));
            assertThat(std).isCloseTo(1, within(0.015));
            // a normal's tails: P(|z| > 3) = 0.0027
            assertThat((double) beyond3 / v.length).isBetween(0.0015, 0.004);
        }
    }

    @Test
    void sameSeedSameNoiseWhateverTheInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Op op = noise(m, 2);
            NDArray zeros = m.zeros(new Shape(2, 6, 9, 9));
            NDArray other = m.arange(2f * 6 * 9 * 9).reshape(2, 6, 9, 9).mul(100).add(7);
            EngineRandom.reseed(42, 3);
            float[] a = op.forward(zeros, true).toFloatArray();
            float[] next = op.forward(zeros, true).toFloatArray();
            EngineRandom.reseed(42, 3);
            float[] b = op.forward(other, false).toFloatArray();
            EngineRandom.reseed(42, 4);
            float[] c = op.forward(zeros, true).toFloatArray();
            assertThat(b).containsExactly(a);
            assertThat(next).isNotEqualTo(a); // fresh noise on every call
            assertThat(c).isNotEqualTo(a);
        }
    }

    @Test
    void costsNoMacs() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open(); CostMeter meter = CostMeter.open()) {
            noise(m, 1).forward(m.zeros(new Shape(1, 6, 8, 8)), false);
            noise(m, 2).forward(m.zeros(new Shape(1, 6, 8, 8)), false);
            assertThat(meter.macs()).isZero();
        }
    }

    /**
     * Mixed op {noise, none} with alpha = 0: out = 0.5 * z, L = mean(out^2) = 0.25 * mean(z^2).
     * dL/dw_noise = 2 * w * mean(z^2), so dL/dalpha_noise = w(1 - w) * 2w * mean(z^2)
     * = 0.25 * mean(z^2) and dL/dalpha_none = -0.25 * mean(z^2); the input gets no gradient.
     */
    @Test
    void alphaGetsItsGradientThroughTheWeightingAndTheInputGetsNone() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParamFactory f = new ParamFactory(m, 0);
            MixedOp mixed = new MixedOp(f, List.of(Primitives.NOISE, Primitives.NONE), 4, 1, OPTIONS);
            Param alpha = new Param(Param.Kind.ARCH, m.zeros(new Shape(2)));
            NDArray x = m.randomNormal(new Shape(2, 4, 6, 6));
            x.setRequiresGradient(true);
            double meanSquare;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray[] w = alpha.value().softmax(0).split(2).toArray(new NDArray[0]);
                NDArray out = mixed.forward(x, w, true);
                // 0 * sum(x) makes x part of the graph, so that its gradient is defined (and zero)
                NDArray loss = out.square().mean().add(x.sum().mul(0));
                meanSquare = out.square().mean().getFloat() * 4;
                gc.backward(loss);
            }
            float[] g = alpha.gradientOrNull().toFloatArray();
            assertThat(meanSquare).isCloseTo(1, within(0.3));
            assertThat((double) g[0]).isCloseTo(0.25 * meanSquare, within(1e-5));
            assertThat((double) g[1]).isCloseTo(-0.25 * meanSquare, within(1e-5));
            assertThat(x.getGradient().abs().max().getFloat()).isZero();
        }
    }

    /** In S4's mixed op {noise, sep_conv_3x3} both alphas get a gradient, opposite (softmax). */
    @Test
    void s4MixedOpGivesBothAlphasAGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            MixedOp mixed = new MixedOp(new ParamFactory(m, 1), List.of(Primitives.NOISE, Primitives.SEP_CONV_3X3), 4, 2,
                    OPTIONS);
            Param alpha = new Param(Param.Kind.ARCH, m.create(new float[] {0.3f, -0.2f}));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray[] w = alpha.value().softmax(0).split(2).toArray(new NDArray[0]);
                NDArray out = mixed.forward(m.randomNormal(new Shape(2, 4, 8, 8)), w, true);
                assertThat(out.getShape()).isEqualTo(new Shape(2, 4, 4, 4));
                gc.backward(out.square().mean());
            }
            float[] g = alpha.gradientOrNull().toFloatArray();
            assertThat(g[0]).isNotZero();
            assertThat(g[0] + g[1]).isCloseTo(0f, within(1e-6f));
        }
    }
}
