package org.distillnas.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.distillnas.data.Augmentation;
import org.distillnas.data.BatchStream;
import org.distillnas.data.ImageDataset;
import org.distillnas.data.Normalization;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.genotype.RobustGenotypes;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Networks with RobustDARTS's noise op draw random tensors in evaluation too; every evaluation
 * pass reseeds the engine's generator, so the figures depend on the weights and the data only.
 */
class NoisyEvaluationTest {
    private static final MacroConfig MACRO = new MacroConfig(4, 3, 1, 4);

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    private static BatchStream data() {
        Random r = new Random(3);
        int n = 48;
        byte[] px = new byte[n * 12 * 12];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(4);
            for (int k = 0; k < 144; k++) {
                px[i * 144 + k] = (byte) Math.min(255, (k % (labels[i] + 2)) * 50 + r.nextInt(40));
            }
        }
        ImageDataset d = new ImageDataset("synthetic", px, labels, 1, 12, 12, 4);
        return new BatchStream(d, new Normalization(new float[] {0.4f}, new float[] {0.3f}), Augmentation.none(), 16,
                false, false, 0);
    }

    @Test
    void evaluatingANetworkWithNoiseTwiceGivesTheSameFigures() {
        SearchSpace s4 = Spaces.byName("darts-s4");
        BatchStream data = data();
        try (NDManager m = NDManager.newBaseManager()) {
            DiscreteNetwork net = s4.network(RobustGenotypes.S4, MACRO, new ParamFactory(m, 1), false);
            EngineRandom.reseed(1);
            Evaluator.Result a = Evaluator.evaluate(net::forward, data, m);
            EngineRandom.reseed(2); // whatever the generator did before
            Evaluator.Result b = Evaluator.evaluate(net::forward, data, m);
            assertThat(b).isEqualTo(a);
            assertThat(a.samples()).isEqualTo(48);

            // one-shot: BatchNorm recalibration (training-mode passes) and evaluation, twice
            Supernet supernet = s4.supernet(MACRO, SupernetOptions.defaults(), new ParamFactory(m, 2));
            Evaluator.Result c = OneShot.evaluate(s4, supernet, RobustGenotypes.S4, MACRO, data, data, 3, m);
            EngineRandom.reseed(3);
            assertThat(OneShot.evaluate(s4, supernet, RobustGenotypes.S4, MACRO, data, data, 3, m)).isEqualTo(c);
        }
    }

    /**
     * The sharpness's finite differences see the same noise at every alpha: the estimate is
     * finite and the same twice, whatever the generator's state before.
     */
    @Test
    void sharpnessOfAnS4SupernetIsRepeatable() {
        SearchSpace s4 = Spaces.byName("darts-s4");
        BatchStream data = data();
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet supernet = s4.supernet(MACRO, SupernetOptions.defaults(), new ParamFactory(m, 4));
            EngineRandom.reseed(5);
            PowerIteration.Result a = Sharpness.dominantEigenvalue(supernet,
                    pf -> s4.supernet(MACRO, SupernetOptions.defaults(), pf), data, 1, 2, 9, m);
            EngineRandom.reseed(6);
            PowerIteration.Result b = Sharpness.dominantEigenvalue(supernet,
                    pf -> s4.supernet(MACRO, SupernetOptions.defaults(), pf), data, 1, 2, 9, m);
            assertThat(a.eigenvalue()).isFinite();
            assertThat(b.eigenvalue()).isEqualTo(a.eigenvalue());
        }
    }
}
