package org.distillnas.run;

import org.distillnas.train.Checkpointer;
import org.distillnas.train.SearchConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.distillnas.eval.Sharpness;
import org.distillnas.report.JsonlWriter;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real DARTS search on a slice of Fashion-MNIST: the supernet learns and the run folder is complete. */
public class SearchEndToEndTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    public static SearchConfig tiny(String space, String method, int epochs, int limit) {
        return SearchConfig.builder().setSpace(space).setMethod(method).optEpochs(epochs).optBatchSize(32)
                .optChannels(4).optCells(space.equals("nb201") ? 1 : 3).optLimit(limit).optSeed(7)
                .optWeightOptimizer(0.05, 0.001, 0.9, 3e-4, false, 5).optArchOptimizer(3e-3, 1e-3, 0)
                .optAugmentation(2, true).optLogEvery(5)
                // one batch: the exact Hessian is 30 products in double precision, about 35 s an
                // epoch per batch at this size, the bulk of the test run's time
                .optSharpness(space.equals("nb201") ? 5 : 0, 1).build();
    }

    @Test
    void dartsOnNb201LearnsAndWritesTheRunFolder() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path run = tmp.resolve("run");
        Genotype g = new SearchRun(tiny("nb201", "darts", 3, 3000), run, new PrintStream(new ByteArrayOutputStream()), false)
                .run(false, false);

        List<JsonNode> lines = JsonlWriter.readAll(run.resolve("metrics.jsonl"));
        List<JsonNode> epochs = lines.stream().filter(n -> n.get("type").asText().equals("epoch")).toList();
        assertThat(epochs).hasSize(3);
        // 10 classes: chance is 10%; the supernet must have learned well beyond it
        assertThat(epochs.get(2).get("val_acc").asDouble()).isGreaterThan(0.6);
        assertThat(epochs.get(2).get("train_loss").asDouble()).isLessThan(epochs.get(0).get("train_loss").asDouble());

        assertThat(GenotypeJson.read(run.resolve("genotype.json"))).isEqualTo(g);
        assertThat(JsonlWriter.readAll(run.resolve("alphas.jsonl"))).hasSize(4);
        // --track-sharpness: a finite eigenvalue estimate per epoch, plotted
        assertThat(epochs).allSatisfy(e -> assertThat(e.get("sharpness").asDouble()).isFinite());
        assertThat(run.resolve("sharpness.png")).isNotEmptyFile();
        // auto solver on NB201's 30 alphas: the exact Hessian, 30 products, always converged
        assertThat(epochs).allSatisfy(e -> {
            assertThat(e.get("sharpness_solver").asText()).isEqualTo("exact");
            assertThat(e.get("sharpness_iterations").asInt()).isIn(30, 60, 90); // 30 products per attempt
            assertThat(e.get("sharpness_asymmetry").asDouble()).isBetween(0.0, 1e-3);
        });
        // 'distillnas sharpness' on the last checkpoint reproduces the search's own last estimate
        Map<String, Object> measured = SharpnessRun.run(run, null, 1, Sharpness.Solver.EXACT, 1,
                Sharpness.DEFAULT_RADIUS, run.resolve("sharpness.json"), new PrintStream(new ByteArrayOutputStream()));
        double last = epochs.get(2).get("sharpness").asDouble();
        assertThat((double) measured.get("eigenvalue")).isCloseTo(last, within(1e-9 * Math.max(1, Math.abs(last))));
        JsonNode file = new ObjectMapper().readTree(run.resolve("sharpness.json").toFile());
        assertThat(file.get("checkpoint").asText()).isEqualTo("epoch-0003");
        assertThat(file.get("eigenvalues")).hasSize(5);
        assertThat(file.get("eigenvalues").get(0).asDouble()).isEqualTo(file.get("eigenvalue").asDouble());
        assertThatThrownBy(() -> SharpnessRun.run(run, "epoch-0099", 1, Sharpness.Solver.EXACT, 1,
                Sharpness.DEFAULT_RADIUS, null,
                new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("epoch-0099")
                .hasMessageContaining("[epoch-0002, epoch-0003]");
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("genotype").asText()).isEqualTo(g.toString());
        assertThat(summary.at("/cost_at_standard_size/parameters").asLong()).isPositive();
        assertThat(summary.get("discrete_inherited_val_acc").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("discretization_gap").asDouble())
                .isEqualTo(summary.get("supernet_val_acc").asDouble() - summary.get("discrete_inherited_val_acc").asDouble());
        for (String f : new String[] {"config.json", "curves.png", "alphas-cell.png", "cell-cell.png", "checkpoints/LATEST"}) {
            assertThat(run.resolve(f)).isNotEmptyFile();
        }
    }

    @Test
    void secondOrderDartsOnTheDartsSpaceRuns() {
        org.distillnas.TestData.requireFashionMnist();
        Path run = tmp.resolve("run2");
        Genotype g = new SearchRun(tiny("darts", "darts-2nd", 1, 400), run, new PrintStream(new ByteArrayOutputStream()), false)
                .run(false, false);
        assertThat(g.space()).isEqualTo("darts");
        assertThat(run.resolve("alphas-normal.png")).isNotEmptyFile();
        assertThat(run.resolve("alphas-reduce.png")).isNotEmptyFile();
        assertThat(run.resolve("cell-normal.png")).isNotEmptyFile();
        assertThat(run.resolve("cell-reduce.png")).isNotEmptyFile();
    }

    @Test
    void rfDartsWritesItsRandomFeatureSettingsAndKeepsTheConvolutionsAtTheirInitialValues() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        SearchConfig t = tiny("nb201", "rf-darts", 1, 1200);
        SearchConfig c = t.withSharpness(0, 0).withRandomFeatures(new org.distillnas.supernet.RandomFeatures(true,
                org.distillnas.nn.ParamFactory.InitScheme.KAIMING_NORMAL, false, true), true);
        Path run = tmp.resolve("rf");
        new SearchRun(c, run, new PrintStream(new ByteArrayOutputStream()), false).run(false, false);
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/random_features/enabled").asBoolean()).isTrue();
        assertThat(config.at("/random_features/init").asText()).isEqualTo("KAIMING_NORMAL");
        assertThat(config.at("/random_features/train_classifier").asBoolean()).isTrue();
        assertThat(config.get("bn_batch_stats").asBoolean()).isTrue();
        assertThat(SearchRun.readConfig(run)).isEqualTo(c.withEngine(org.distillnas.util.EngineSetup.inForce())); // with the threads in force
        // the checkpointed convolution weights equal a freshly initialised supernet's
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            org.distillnas.supernet.Supernet fresh = SearchSupernets.build(new org.distillnas.space.nb201.Nb201Space(),
                    new org.distillnas.space.MacroConfig(c.channels(), c.cells(), 1, 10), c, SearchSupernets.paramFactory(m, c));
            java.util.Map<String, ai.djl.ndarray.NDArray> saved = new Checkpointer(run.resolve("checkpoints"), 2)
                    .loadLatest(m).arrays();
            fresh.namedParams(p -> p.frozen()).forEach((name, p) -> assertThat(saved.get("net." + name).toFloatArray())
                    .as(name).containsExactly(p.value().toFloatArray()));
            assertThat(fresh.namedParams(p -> p.frozen()).keySet()).contains("net.stem.conv.weight")
                    .doesNotContain("net.classifier.weight");
        }
    }
}
