package org.distillnas.run;

import org.distillnas.train.SearchConfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.report.JsonlWriter;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PC-DARTS searches on a slice of Fashion-MNIST: the foundation's run folder is complete (genotype,
 * betas in alphas.jsonl, the discretisation gap, sharpness), the resolved settings are saved for
 * --resume, and rank rebuilds the partial-channel supernet.
 */
class PcDartsEndToEndTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /** {@link SearchEndToEndTest#tiny} as pc-darts: K = 4, edge normalisation, alphas from {@code archStart}. */
    static SearchConfig pc(String space, int epochs, int limit, int archStart, int sharpness) {
        SearchConfig c = SearchEndToEndTest.tiny(space, "pc-darts", epochs, limit);
        return c.toBuilder().optArchOptimizer(c.archLr(), c.archWeightDecay(), archStart).optPartialChannels(4, true)
                .optSharpness(sharpness, c.sharpnessBatches()).build();
    }

    @Test
    void pcDartsOnNb201WritesTheRunFolderAndRanks() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path run = tmp.resolve("nb201");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SearchConfig config = pc("nb201", 2, 800, 1, 2);
        Genotype g = new SearchRun(config, run, quiet, false).run(false, false);

        assertThat(GenotypeJson.read(run.resolve("genotype.json"))).isEqualTo(g);
        assertThat(SearchRun.readConfig(run)).isEqualTo(config.withEngine(org.distillnas.util.EngineSetup.inForce())); // with the threads in force
        JsonNode saved = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertThat(saved.get("partial_channels").asInt()).isEqualTo(4);
        assertThat(saved.get("edge_normalization").asBoolean()).isTrue();
        assertThat(saved.get("arch_start_epoch").asInt()).isEqualTo(1);

        List<JsonNode> metrics = JsonlWriter.readAll(run.resolve("metrics.jsonl"));
        List<JsonNode> epochs = metrics.stream().filter(n -> n.get("type").asText().equals("epoch")).toList();
        assertThat(epochs).hasSize(2);
        assertThat(epochs).allSatisfy(e -> assertThat(e.get("sharpness").asDouble()).isFinite());
        // warm-up: no architecture steps in the first epoch, then some
        assertThat(epochs.get(0).get("arch_loss").isNull()).isTrue();
        assertThat(epochs.get(1).get("arch_loss").asDouble()).isPositive();

        List<JsonNode> alphas = JsonlWriter.readAll(run.resolve("alphas.jsonl"));
        JsonNode last = alphas.get(alphas.size() - 1).at("/cells/cell");
        double node3 = 0;
        for (int e = 3; e < 6; e++) {
            node3 += last.get(e).get("edge_weight").asDouble();
        }
        assertThat(node3).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(last.get(0).get("edge_weight").asDouble()).isEqualTo(1.0); // node 1 has one edge

        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("discrete_inherited_val_acc").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("discrete_inherited_form").asText()).contains("K=4");
        for (String f : new String[] {"curves.png", "alphas-cell.png", "sharpness.png", "checkpoints/LATEST"}) {
            assertThat(run.resolve(f)).isNotEmptyFile();
        }

        // rank rebuilds the partial-channel supernet from config.json and scores the search's own
        // genotype exactly as the search did at its end
        Path table = tmp.resolve("table.csv");
        Files.writeString(table, "architecture,accuracy\n\"" + g + "\",0.9\n"
                + "|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|,0.8\n");
        RankRun.Outcome o = RankRun.run(run, table, null, SearchRun.RECALIBRATION_BATCHES, quiet);
        assertThat(o.entries().get(0).oneShot()).isEqualTo(summary.get("discrete_inherited_val_acc").asDouble());
        assertThat(o.entries().get(1).oneShot()).isBetween(0.0, 1.0);
    }

    @Test
    void pcDartsOnTheDartsSpaceRuns() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path run = tmp.resolve("darts");
        Genotype g = new SearchRun(pc("darts", 1, 256, 0, 0), run, new PrintStream(new ByteArrayOutputStream()), false)
                .run(false, false);
        assertThat(g.space()).isEqualTo("darts");
        assertThat(GenotypeJson.read(run.resolve("genotype.json"))).isEqualTo(g);
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("discrete_inherited_val_acc").asDouble()).isBetween(0.0, 1.0);
        assertThat(run.resolve("alphas-normal.png")).isNotEmptyFile();
        assertThat(run.resolve("alphas-reduce.png")).isNotEmptyFile();
    }
}
