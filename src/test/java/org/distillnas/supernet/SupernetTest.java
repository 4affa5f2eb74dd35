package org.distillnas.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.Primitives;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.space.ops.Op;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SupernetTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        // fixed engine random stream: the random test inputs are the same on every run
        ai.djl.engine.Engine.getInstance().setRandomSeed(20240501);
    }

    static Supernet nb201(NDManager m, long seed) {
        return new Nb201Space().supernet(new MacroConfig(4, 1, 1, 10), SupernetOptions.defaults(), new ParamFactory(m, seed));
    }

    static Supernet darts(NDManager m, long seed) {
        return new DartsSpace().supernet(new MacroConfig(4, 3, 1, 10), SupernetOptions.defaults(), new ParamFactory(m, seed));
    }

    /**
     * NB201 supernet, C = 4, N = 1, 1 channel, 10 classes, non-affine search ops: each mixed edge
     * holds nor_conv_1x1 (c^2) and nor_conv_3x3 (9c^2) = 10c^2, a cell 60c^2: 960 + 3840 + 15360 =
     * 20160; plus the skeleton of the discrete networks (4822, see Nb201NetworkTest) = 24982.
     */
    @Test
    void nb201SupernetShapesAndParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet s = nb201(m, 0);
            for (boolean training : new boolean[] {true, false}) {
                NDArray y = s.forward(m.randomNormal(new Shape(3, 1, 8, 8)), training);
                assertThat(y.getShape()).isEqualTo(new Shape(3, 10));
            }
            Map<String, Param> arch = s.archParams();
            assertThat(arch.keySet()).containsExactly("arch.cell");
            assertThat(arch.get("arch.cell").value().getShape()).isEqualTo(new Shape(6, 5));
            assertThat(s.weights().values()).noneMatch(p -> p.kind() == Param.Kind.ARCH);
            assertThat(s.weights().values()).allMatch(Param::trainable);
            assertThat(s.weights().values().stream().mapToLong(Param::size).sum()).isEqualTo(s.countParameters());
            assertThat(s.countParameters()).isEqualTo(24982);
            // alpha starts as 1e-3 * N(0, 1)
            for (float v : arch.get("arch.cell").value().toFloatArray()) {
                assertThat(Math.abs(v)).isLessThan(5e-3f);
            }
        }
    }

    /**
     * DARTS supernet, C = 4, 3 cells (1 and 2 reduce), 1 channel, 10 classes; search ops and
     * preprocessing without BN affine parameters. Mixed edge at c, stride 1: sep3 2(9c + c^2) + sep5
     * 2(25c + c^2) + dil3 (9c + c^2) + dil5 (25c + c^2) = 102c + 6c^2; stride 2 adds the
     * FactorizedReduce's c^2. Normal cell: 14 (102c + 6c^2); reduction cell (8 edges from the
     * inputs): 14*102c + 92c^2. Preprocess a -> c: ac each (FactorizedReduce too).
     * Stem 9*12 + 24 = 132; cell 0 (c=4): 96 + 14*504 = 7152; cell 1 (c=8): 224 + 11424 + 5888 =
     * 17536; cell 2 (c=16, after a reduction): 768 + 22848 + 23552 = 47168; classifier 650.
     * Total 72638.
     */
    @Test
    void dartsSupernetShapesAndParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet s = darts(m, 0);
            NDArray y = s.forward(m.randomNormal(new Shape(2, 1, 8, 8)), true);
            assertThat(y.getShape()).isEqualTo(new Shape(2, 10));
            Map<String, Param> arch = s.archParams();
            assertThat(arch.keySet()).containsExactly("arch.normal", "arch.reduce");
            assertThat(arch.values()).allMatch(p -> p.value().getShape().equals(new Shape(14, 8)));
            assertThat(s.weights().values()).noneMatch(p -> p.kind() == Param.Kind.ARCH);
            assertThat(s.countParameters()).isEqualTo(72638);
            assertThat(s.genotype()).isInstanceOf(DartsGenotype.class);
            assertThat(s.genotype()).isEqualTo(s.space().discretize(s.arch().probabilities()));
            DartsGenotype g = (DartsGenotype) s.genotype();
            assertThat(g.normal()).hasSize(8).noneMatch(e -> e.op().equals(Primitives.NONE));
        }
    }

    @Test
    void sameSeedSameParametersOtherSeedOtherParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean isDarts : new boolean[] {false, true}) {
                Map<String, Param> a = (isDarts ? darts(m, 42) : nb201(m, 42)).namedParams();
                Map<String, Param> b = (isDarts ? darts(m, 42) : nb201(m, 42)).namedParams();
                Map<String, Param> c = (isDarts ? darts(m, 43) : nb201(m, 43)).namedParams();
                assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
                int differing = 0;
                for (String name : a.keySet()) {
                    float[] va = a.get(name).value().toFloatArray();
                    assertThat(b.get(name).value().toFloatArray()).as(name).containsExactly(va);
                    if (!java.util.Arrays.equals(va, c.get(name).value().toFloatArray())) {
                        differing++;
                    }
                }
                long weights = a.values().stream().filter(p -> p.kind() == Param.Kind.WEIGHT
                        || p.kind() == Param.Kind.ARCH).count();
                // every randomly initialised tensor differs under another seed; BN constants do not
                assertThat(differing).as(isDarts ? "darts" : "nb201").isEqualTo(weights);
            }
        }
    }

    @Test
    void probabilitiesAreTheSoftmaxOfAlphaAndGenotypeItsArgmax() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            Supernet s = nb201(m, 0);
            // rows favouring: skip, none, 3x3, 1x1, avg, 3x3
            float[] alpha = {
                0, 2, 0, 0, 0,
                3, 0, 0, 0, 0,
                0, 0, 0, 1, 0,
                0, 0, 1, 0, 0,
                0, 0, 0, 0, 1,
                0, 0, 0, 5, 0,
            };
            NDArray a = s.arch().alpha("cell").value();
            a.subi(a).addi(m.create(alpha, new Shape(6, 5)));
            double[][] p = s.arch().probabilities().get("cell");
            // row 0: softmax(0, 2, 0, 0, 0): e^2 / (e^2 + 4)
            double e2 = Math.exp(2);
            assertThat(p[0][1]).isCloseTo(e2 / (e2 + 4), within(1e-6));
            assertThat(p[0][0]).isCloseTo(1 / (e2 + 4), within(1e-6));
            for (double[] row : p) {
                assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-6));
            }
            assertThat(((Nb201Genotype) s.genotype()).arch())
                    .isEqualTo("|skip_connect~0|+|none~0|nor_conv_3x3~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_3x3~2|");
            NDArray[][] w = s.arch().edgeWeights("cell");
            assertThat(w.length).isEqualTo(6);
            assertThat(w[0].length).isEqualTo(5);
            assertThat(w[0][1].getFloat()).isCloseTo((float) (e2 / (e2 + 4)), within(1e-6f));
        }
    }

    private static NDArray[] weights(NDManager m, float... w) {
        NDArray[] out = new NDArray[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = m.create(w[i]);
        }
        return out;
    }

    private static Op child(MixedOp mixed, String name) {
        return (Op) mixed.children().get(name);
    }

    /** One-hot weights give exactly the chosen op's output; other weights mix linearly. */
    @Test
    void mixedOpWeighsItsOps() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            for (int stride : new int[] {1, 2}) {
                MixedOp mixed = new MixedOp(new ParamFactory(m, 3), Primitives.DARTS, 4, stride,
                        new OpRegistry.OpOptions(false, true));
                assertThat(mixed.size()).isEqualTo(8);
                assertThat(mixed.children().keySet()).containsExactlyElementsOf(Primitives.DARTS);
                NDArray x = m.randomNormal(new Shape(2, 4, 7, 7));
                for (int k = 0; k < 8; k++) {
                    float[] oneHot = new float[8];
                    oneHot[k] = 1;
                    float[] got = mixed.forward(x, weights(m, oneHot), false).toFloatArray();
                    float[] op = child(mixed, Primitives.DARTS.get(k)).forward(x, false).toFloatArray();
                    assertThat(got).as(Primitives.DARTS.get(k) + " stride " + stride).containsExactly(op);
                }
                // 0.3 sep_conv_3x3 + 0.7 max_pool_3x3 (+ a weight on none, which adds nothing)
                float[] w = {0.5f, 0.7f, 0, 0, 0.3f, 0, 0, 0};
                float[] got = mixed.forward(x, weights(m, w), false).toFloatArray();
                float[] sep = child(mixed, Primitives.SEP_CONV_3X3).forward(x, false).toFloatArray();
                float[] max = child(mixed, Primitives.MAX_POOL_3X3).forward(x, false).toFloatArray();
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).isCloseTo(0.3f * sep[i] + 0.7f * max[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void mixedOpOfNoneOnlyGivesZeros() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            MixedOp mixed = new MixedOp(new ParamFactory(m, 0), List.of(Primitives.NONE), 4, 2,
                    new OpRegistry.OpOptions(false, true));
            NDArray y = mixed.forward(m.ones(new Shape(1, 4, 8, 8)), weights(m, 1f), true);
            assertThat(y.getShape()).isEqualTo(new Shape(1, 4, 4, 4));
            for (float v : y.toFloatArray()) {
                assertThat(v).isZero();
            }
        }
    }

    /** The supernet's loss reaches alpha through the mixed ops. */
    @Test
    void gradientsReachAlphaAndWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet s = nb201(m, 0);
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray y = s.forward(m.randomNormal(new Shape(2, 1, 8, 8)), true);
                gc.backward(y.square().sum());
            }
            NDArray g = s.arch().alpha("cell").gradientOrNull();
            assertThat(g).isNotNull();
            assertThat(g.abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(s.weights().get("net.classifier.weight").gradientOrNull().abs().sum().getFloat()).isGreaterThan(0f);
        }
    }
}
