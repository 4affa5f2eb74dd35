package org.distillnas.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.distillnas.data.Batch;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.step.StepContext;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RandomFeaturesTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    private static Batch batch(long seed) {
        Random r = new Random(seed);
        int n = 8;
        float[] x = new float[n * 8 * 8];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        return new Batch(x, y, n, 1, 8, 8);
    }

    private static Map<String, float[]> values(Supernet net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        net.namedParams().forEach((name, p) -> out.put(name, p.value().toFloatArray()));
        return out;
    }

    private static void trainAndCompare(SearchSpace space, MacroConfig macro, RandomFeatures rf, boolean secondOrder) {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = space.supernet(macro, new SupernetOptions(true, true), new ParamFactory(m, 3, ai.djl.ndarray.types.DataType.FLOAT32, rf.initScheme()));
            List<String> frozen = rf.apply(net);
            DartsStrategy s = new DartsStrategy("rf-darts", net, DartsOptions.defaults(secondOrder));
            Map<String, float[]> before = values(net);
            for (int step = 0; step < 3; step++) {
                try (NDScope scope = new NDScope()) {
                    s.step(batch(step), batch(100 + step), new StepContext(0, step, step, 0.05, 3e-3));
                }
            }
            Map<String, float[]> after = values(net);
            assertThat(frozen).isNotEmpty();
            net.namedParams().forEach((name, p) -> {
                boolean same = java.util.Arrays.equals(before.get(name), after.get(name));
                if (frozen.contains(name)) {
                    // bit-identical: Arrays.equals on floats compares the bit patterns
                    assertThat(same).as("frozen %s unchanged", name).isTrue();
                    assertThat(p.trainable()).isFalse();
                    assertThat(p.gradientOrNull()).isNull();
                } else if (p.kind() == Param.Kind.BN_AFFINE || p.kind() == Param.Kind.ARCH) {
                    assertThat(same).as("%s trained", name).isFalse();
                }
            });
            // no optimizer state for frozen tensors
            assertThat(s.stateArrays().keySet()).noneMatch(k -> frozen.stream().anyMatch(f -> k.contains(f + "#")));
            assertThat(s.stateArrays().keySet()).anyMatch(k -> k.contains(".bn.") || k.contains("weight#") || k.contains("bias#"));
        }
    }

    @Test
    void nb201FrozenWeightsStayBitIdenticalWhileBatchNormAndAlphasTrain() {
        trainAndCompare(new Nb201Space(), new MacroConfig(4, 1, 1, 10), RandomFeatures.paperDefaults(), false);
    }

    @Test
    void dartsSecondOrderToo() {
        trainAndCompare(new DartsSpace(), new MacroConfig(4, 3, 1, 10), RandomFeatures.paperDefaults(), true);
    }

    @Test
    void stemAndClassifierCanBeLeftTrainable() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Nb201Space().supernet(new MacroConfig(4, 1, 1, 10), new SupernetOptions(true, true),
                    new ParamFactory(m, 0));
            List<String> frozen = new RandomFeatures(true, ParamFactory.InitScheme.KAIMING_NORMAL, true, true).apply(net);
            assertThat(frozen).noneMatch(n -> n.contains("stem.") || n.contains("classifier."));
            assertThat(frozen).anyMatch(n -> n.contains("cells."));
            assertThat(net.weights().keySet()).contains("net.stem.conv.weight", "net.classifier.weight", "net.classifier.bias");
            List<String> all = RandomFeatures.paperDefaults().apply(new Nb201Space().supernet(new MacroConfig(4, 1, 1, 10),
                    new SupernetOptions(true, true), new ParamFactory(m, 0)));
            assertThat(all).contains("net.stem.conv.weight", "net.classifier.weight", "net.classifier.bias");
        }
    }

    @Test
    void offFreezesNothingAndKaimingNormalHasTheRightSpread() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Nb201Space().supernet(new MacroConfig(16, 1, 1, 10), new SupernetOptions(true, true),
                    new ParamFactory(m, 0, ai.djl.ndarray.types.DataType.FLOAT32, ParamFactory.InitScheme.KAIMING_NORMAL));
            assertThat(RandomFeatures.off().apply(net)).isEmpty();
            // a 3x3 conv at 16 channels: fan-in 144, std sqrt(2/144) = 0.1179
            float[] w = net.namedParams().entrySet().stream().filter(e -> e.getKey().endsWith("conv.weight")
                    && e.getValue().value().getShape().get(1) == 16 && e.getValue().value().getShape().get(2) == 3)
                    .findFirst().orElseThrow().getValue().value().toFloatArray();
            double sq = 0;
            for (float v : w) {
                sq += v * v;
            }
            assertThat(Math.sqrt(sq / w.length)).isCloseTo(Math.sqrt(2.0 / 144), within(0.01));
        }
    }

    @Test
    void initNamesParseAndABadOneIsNamed() {
        assertThat(RandomFeatures.parseInit("kaiming-normal")).isEqualTo(ParamFactory.InitScheme.KAIMING_NORMAL);
        assertThat(RandomFeatures.parseInit("pytorch-default")).isEqualTo(ParamFactory.InitScheme.PYTORCH_DEFAULT);
        assertThatThrownBy(() -> RandomFeatures.parseInit("xavier")).isInstanceOf(BadInputException.class)
                .hasMessage("--rf-init 'xavier': expected kaiming-normal or pytorch-default");
        assertThat(RandomFeatures.isUnder("net.stem.conv.weight", "stem.")).isTrue();
        assertThat(RandomFeatures.isUnder("net.cells.0.edges.1.stem_like", "stem.")).isFalse();
    }
}
