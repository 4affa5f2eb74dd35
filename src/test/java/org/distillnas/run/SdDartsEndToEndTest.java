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
import org.distillnas.distill.SelfDistillConfig;
import org.distillnas.report.JsonlWriter;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SD-DARTS searches on a slice of real Fashion-MNIST (NAS-Bench-201 space), with each teacher source. */
class SdDartsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /** {@link SearchEndToEndTest#tiny} with self-distillation settings. */
    static SearchConfig tiny(String method, int epochs, int limit, SelfDistillConfig sd) {
        SearchConfig c = SearchEndToEndTest.tiny("nb201", method, epochs, limit);
        return c.withSharpness(0, c.sharpnessBatches()).withSelfDistill(sd);
    }

    private static Genotype search(SearchConfig c, Path run) {
        org.distillnas.TestData.requireFashionMnist();
        return new SearchRun(c, run, new PrintStream(new ByteArrayOutputStream()), false).run(false, false);
    }

    private static List<JsonNode> epochs(Path run) {
        return JsonlWriter.readAll(run.resolve("metrics.jsonl")).stream()
                .filter(n -> n.get("type").asText().equals("epoch")).toList();
    }

    private static JsonNode checkpointState(Path run) throws Exception {
        String latest = Files.readString(run.resolve("checkpoints/LATEST")).trim();
        return JSON.readTree(run.resolve("checkpoints").resolve(latest).resolve("state.json").toFile());
    }

    /**
     * 600 images: 300 train / 300 val, 9 steps of 32 per epoch, 2 epochs = 18 steps; a snapshot
     * every 4 steps, 3 teachers: the checkpoint's ring holds the states after steps 8, 12 and 16.
     */
    @Test
    void sdDartsWithSnapshotTeachersRunsEndToEnd() throws Exception {
        Path run = tmp.resolve("snapshot");
        SelfDistillConfig sd = new SelfDistillConfig(true, 3, 4, "snapshot", "soft", 4, 1, 0, false, 0.1);
        Genotype g = search(tiny("sd-darts", 2, 600, sd), run);

        assertThat(g.space()).isEqualTo("nb201");
        List<JsonNode> epochs = epochs(run);
        assertThat(epochs).hasSize(2);
        assertThat(epochs).allSatisfy(e -> assertThat(e.get("train_loss").asDouble()).isFinite());
        assertThat(epochs.get(1).get("val_acc").asDouble()).as("beyond chance (0.1)").isGreaterThan(0.15);
        JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
        assertThat(config.get("method").asText()).isEqualTo("sd-darts");
        assertThat(JSON.treeToValue(config.get("self_distill"), SelfDistillConfig.class)).isEqualTo(sd);
        JsonNode teachers = checkpointState(run).at("/strategy/distill/train/steps");
        assertThat(teachers.toString()).isEqualTo("[8,12,16]");
        assertThat(run.resolve("genotype.json")).isNotEmptyFile();
    }

    /**
     * The cache source with hard voting and a distilled architecture step: after 2 epochs the
     * teachers are epoch 0's outputs and epoch 1's are being written, for both splits.
     */
    @Test
    void sdDartsWithCachedTeachersRunsEndToEnd() throws Exception {
        Path run = tmp.resolve("cache");
        SelfDistillConfig sd = new SelfDistillConfig(true, 2, 40, "cache", "hard", 4, 1, 0, true, 0.1);
        search(tiny("sd-darts", 2, 600, sd), run);

        List<JsonNode> epochs = epochs(run);
        assertThat(epochs).hasSize(2);
        assertThat(epochs).allSatisfy(e -> assertThat(e.get("train_loss").asDouble()).isFinite());
        assertThat(epochs.get(1).get("val_acc").asDouble()).as("beyond chance (0.1)").isGreaterThan(0.15);
        JsonNode distill = checkpointState(run).at("/strategy/distill");
        for (String split : new String[] {"train", "val"}) {
            assertThat(distill.at("/" + split + "/epochs").toString()).as(split).isEqualTo("[0]");
            assertThat(distill.at("/" + split + "/writing_epoch").asInt()).as(split).isEqualTo(1);
            assertThat(distill.at("/" + split + "/classes").asInt()).as(split).isEqualTo(10);
        }
    }

    /** --self-distill on second-order DARTS (distilled unrolled gradient), confidence voting. */
    @Test
    void selfDistillationCombinesWithSecondOrderDarts() throws Exception {
        Path run = tmp.resolve("second");
        SelfDistillConfig sd = new SelfDistillConfig(true, 2, 2, "snapshot", "confidence", 2, 0.5, 0, true, 0.1);
        search(tiny("darts-2nd", 1, 256, sd), run);
        assertThat(epochs(run)).singleElement().satisfies(e -> assertThat(e.get("train_loss").asDouble()).isFinite());
        // 128 / 32 = 4 steps, a snapshot every 2: after steps 2 and 4
        assertThat(checkpointState(run).at("/strategy/distill/train/steps").toString()).isEqualTo("[2,4]");
    }
}
