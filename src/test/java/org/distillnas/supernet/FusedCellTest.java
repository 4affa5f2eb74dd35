package org.distillnas.supernet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.space.darts.RobustDartsSpaces;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused cell ({@link CellEdges} with {@link FanOut}) computes the same function as the plain
 * edge-by-edge cell: same outputs, same gradients for every weight and architecture parameter, same
 * running statistics, to float32 rounding.
 */
class FusedCellTest {
    private static final double TOLERANCE = 1e-5;
    /**
     * Absolute floor of the comparison: some gradients are zero in exact arithmetic (the bias of a
     * BatchNorm that another training-mode BatchNorm follows, whose mean it removes) and are float
     * noise of about 1e-8 either way.
     */
    private static final double FLOOR = 1e-7;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /** Outputs, gradients and buffers of one training pass and the output of one evaluation pass. */
    private static Map<String, float[]> pass(SearchSpace space, MacroConfig macro, SupernetOptions options,
            RandomFeatures rf, boolean fused) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = space.supernet(macro, options.withFused(fused),
                    new ParamFactory(m, 5, DataType.FLOAT32, rf.initScheme()));
            rf.apply(net);
            Random r = new Random(11);
            float[] x = new float[8 * macro.inChannels() * 16 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] probe = new float[8 * macro.numClasses()];
            for (int i = 0; i < probe.length; i++) {
                probe[i] = (float) r.nextGaussian();
            }
            try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray input = m.create(x, new Shape(8, macro.inChannels(), 16, 16));
                NDArray logits = net.forward(input, true);
                // a loss whose gradient differs per logit, so that every path carries signal
                NDArray loss = logits.mul(m.create(probe, new Shape(8, macro.numClasses()))).sum();
                gc.backward(loss);
                out.put("logits", logits.toFloatArray());
                net.namedParams().forEach((name, p) -> {
                    NDArray g = p.gradientOrNull();
                    if (g != null) {
                        out.put("grad " + (p.kind() == Param.Kind.ARCH ? "arch " : "") + name, g.toFloatArray());
                    }
                });
                net.namedParams().forEach((name, p) -> {
                    if (p.kind() == Param.Kind.BUFFER) {
                        out.put("buffer " + name, p.value().toFloatArray());
                    }
                });
                out.put("eval logits", net.forward(input, false).toFloatArray());
            }
        }
        return out;
    }

    private static SearchSpace space(String name) {
        return switch (name) {
            case "nb201" -> new Nb201Space();
            case "darts" -> new DartsSpace();
            default -> RobustDartsSpaces.create(name);
        };
    }

    @ParameterizedTest(name = "{0} affine={1} K={2} rf={3}")
    @CsvSource({
        "nb201, true, 1, false",
        "nb201, false, 1, false",
        "nb201, true, 2, false",
        "nb201, true, 1, true",
        "nb201, true, 2, true",
        "darts, false, 1, false",
        "darts, true, 1, false",
        "darts, false, 2, false",
        "darts, true, 1, true",
        "darts, true, 2, true",
        "darts-s1, false, 1, false",
        "darts-s3, false, 1, false",
    })
    void fusedEqualsEdgeByEdge(String spaceName, boolean affine, int k, boolean randomFeatures) {
        SearchSpace space = space(spaceName);
        MacroConfig macro = spaceName.equals("nb201") ? new MacroConfig(4, 1, 1, 10) : new MacroConfig(4, 3, 1, 10);
        SupernetOptions options = new SupernetOptions(affine, true, k, k > 1);
        RandomFeatures rf = randomFeatures ? RandomFeatures.paperDefaults() : RandomFeatures.off();
        Map<String, float[]> plain = pass(space, macro, options, rf, false);
        Map<String, float[]> fused = pass(space, macro, options, rf, true);
        assertThat(fused.keySet()).containsExactlyElementsOf(plain.keySet());
        assertThat(plain.keySet()).anyMatch(key -> key.startsWith("grad arch"));
        for (String key : plain.keySet()) {
            float[] a = plain.get(key);
            float[] b = fused.get(key);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                scale = Math.max(scale, Math.abs(a[i]));
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            assertThat(diff).as("%s: max difference %s at scale %s", key, diff, scale)
                    .isLessThanOrEqualTo(TOLERANCE * scale + FLOOR);
        }
    }

    /**
     * A fused pass in its own scope, as every pass of the library runs, leaves nothing on the
     * network's manager, although it makes arrays from the network's parameters (stacked weights,
     * joint BatchNorm parameters) and its running statistics are views of joint buffers.
     */
    @ParameterizedTest(name = "{0} K={1}")
    @CsvSource({"nb201, 1", "nb201, 2", "darts, 1", "darts, 2"})
    void aFusedPassLeavesNothingOnTheNetworksManager(String spaceName, int k) {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace space = space(spaceName);
            MacroConfig macro = spaceName.equals("nb201") ? new MacroConfig(4, 1, 1, 10) : new MacroConfig(4, 3, 1, 10);
            Supernet net = space.supernet(macro, new SupernetOptions(true, true, k, k > 1), new ParamFactory(m, 5));
            int before = ((ai.djl.ndarray.BaseNDManager) m).getManagedArrays().size();
            for (boolean training : new boolean[] {true, false, true}) {
                try (NDScope scope = new NDScope(); NDManager pass = m.newSubManager()) {
                    net.forward(pass.randomNormal(new Shape(2, 1, 16, 16)), training);
                }
            }
            assertThat(((ai.djl.ndarray.BaseNDManager) m).getManagedArrays()).hasSize(before);
        }
    }
}
