package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Random;
import java.util.stream.Stream;
import org.distillnas.data.Batch;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.run.SearchEndToEndTest;
import org.distillnas.strategy.Methods;
import org.distillnas.strategy.SearchStrategy;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DARTS-family method takes steps on every RobustDARTS space (a tiny supernet on random
 * 12x12 images): the losses are finite, the alphas of every edge move, and the supernet's genotype
 * belongs to the space.
 */
class RobustDartsMethodsTest {
    /** The DARTS-family methods; add new ones here. */
    static final String[] METHODS = {"darts", "darts-2nd"};

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    static Stream<Arguments> methodsAndSpaces() {
        return Stream.of(METHODS).flatMap(method -> Stream.of("darts-s1", "darts-s2", "darts-s3", "darts-s4")
                .map(space -> Arguments.of(method, space)));
    }

    private static Batch batch(Random r, int n) {
        float[] x = new float[n * 144];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int k = 0; k < 144; k++) {
                x[i * 144 + k] = (float) r.nextGaussian() + 0.1f * y[i];
            }
        }
        return new Batch(x, y, n, 1, 12, 12);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("methodsAndSpaces")
    void takesStepsAndDiscretisesIntoTheSpace(String method, String spaceName) {
        SearchSpace space = Spaces.byName(spaceName);
        int ops = space.cells().get("normal").get(0).ops().size();
        Random r = new Random(11);
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet supernet = space.supernet(new MacroConfig(4, 3, 1, 10), SupernetOptions.defaults(), new ParamFactory(m, 3));
            assertThat(supernet.arch().alpha("normal").value().getShape().getShape()).containsExactly(14, ops);
            assertThat(supernet.arch().alpha("reduce").value().getShape().getShape()).containsExactly(14, ops);
            float[] before = supernet.arch().alpha("normal").value().toFloatArray();
            SearchStrategy strategy = Methods.create(method, supernet, SearchEndToEndTest.tiny(spaceName, method, 1, 100));
            for (int step = 0; step < 2; step++) {
                StepContext ctx = new StepContext(0, step, step, 0.025, 3e-3);
                EngineRandom.reseed(7, step);
                StepResult result;
                try (NDScope scope = new NDScope()) {
                    result = strategy.step(batch(r, 8), batch(r, 8), ctx);
                }
                assertThat(result.trainLoss()).isFinite();
                assertThat(result.valLoss()).isFinite();
            }
            float[] after = supernet.arch().alpha("normal").value().toFloatArray();
            for (int e = 0; e < 14; e++) {
                boolean moved = false;
                for (int k = 0; k < ops; k++) {
                    moved |= after[e * ops + k] != before[e * ops + k];
                }
                assertThat(moved).as("alpha of normal edge %d moved", e).isTrue();
            }
            DartsGenotype g = (DartsGenotype) supernet.genotype();
            assertThat(g.space()).isEqualTo(spaceName);
            for (int i = 0; i < g.normal().size(); i++) {
                int node = i / 2 + 2;
                int input = g.normal().get(i).input();
                EdgeSpec spec = space.cells().get("normal").stream()
                        .filter(e -> e.from() == input && e.to() == node).findFirst().orElseThrow();
                assertThat(spec.ops()).contains(g.normal().get(i).op());
            }
        }
    }
}
